// Part of tests/clients (see README.md); run by tests/frontend_schema/test_persisted_queries_clients.py.
// Sends one query twice (or <times> times) with Apollo Client's persisted-queries link
// (useGETForHashedQueries) or with urql's persistedExchange, and prints as JSON what the client got
// and which HTTP requests it made, with the X-Cache-Status header of a cache in front (tests/deploy/
// test_varnish.py); `plain` prints the answer to the query sent plainly by POST.
// usage: node persisted_queries.mjs plain|apollo|urql <endpoint URL> <query> [<variables as JSON>] [<times>]
import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client/core/index.js';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries/index.js';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';

const [client, url, query, variablesJson = '{}', timesText = '2'] = process.argv.slice(2);
const times = Number(timesText);
const variables = JSON.parse(variablesJson);
const sha256 = text => createHash('sha256').update(text).digest('hex');

// A fetch that records each request: its method, URL parameters or body members, and the answer.
function recordingFetch(log) {
  return async (input, init = {}) => {
    const target = new URL(typeof input === 'string' ? input : input.url);
    const method = (init.method || 'GET').toUpperCase();
    const sent = method === 'GET'
      ? Object.fromEntries(target.searchParams)
      : JSON.parse(init.body);
    for (const key of ['variables', 'extensions']) {
      if (typeof sent[key] === 'string') sent[key] = JSON.parse(sent[key]);
    }
    const response = await fetch(input, init);
    const text = await response.clone().text();
    log.push({
      method,
      urlLength: target.href.length,
      sent,
      status: response.status,
      cacheStatus: response.headers.get('x-cache-status'),
      answer: JSON.parse(text),
    });
    return response;
  };
}

async function plain() {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

async function apollo() {
  const requests = [];
  const client = new ApolloClient({
    link: ApolloLink.from([
      new PersistedQueryLink({ sha256, useGETForHashedQueries: true }),
      new HttpLink({ uri: url, fetch: recordingFetch(requests) }),
    ]),
    cache: new InMemoryCache(),
  });
  const document = gql(query);
  const results = [];
  for (let i = 0; i < times; i++) {
    try {
      const { data } = await client.query({ query: document, variables, fetchPolicy: 'no-cache' });
      results.push({ data, error: null });
    } catch (error) {
      results.push({ data: null, error: String(error) });
    }
  }
  return { results, requests };
}

async function urql() {
  const requests = [];
  const client = new Client({
    url,
    exchanges: [persistedExchange({ preferGetForPersistedQueries: true }), fetchExchange],
    fetch: recordingFetch(requests),
  });
  const document = urqlGql(query);
  const results = [];
  for (let i = 0; i < times; i++) {
    const { data, error } = await client.query(document, variables, { requestPolicy: 'network-only' }).toPromise();
    results.push({ data, error: error ? String(error) : null });
  }
  return { results, requests };
}

const clients = { plain, apollo, urql };
if (!clients[client]) throw new Error(`The client must be one of ${Object.keys(clients)}, not ${client}.`);
console.log(JSON.stringify(await clients[client]()));
