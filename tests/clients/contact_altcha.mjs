// Part of tests/clients (see README.md); run by tests/participation/test_clients.py.
// What a front end does with a public form: fetch an ALTCHA challenge with urql, solve it with the
// ALTCHA widget's own solver (npm `altcha`, its `altcha/lib` build: the code the widget's workers
// run), make the payload exactly as the widget does, and send `contactSend` with Apollo Client;
// then send the same payload again (a replay). Prints as JSON what each step got.
// usage: node contact_altcha.mjs <endpoint URL> <input as JSON, without `altcha`>
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core/index.js';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { pbkdf2, solveChallenge } from 'altcha/lib';

const [url, inputJson] = process.argv.slice(2);
const input = JSON.parse(inputJson);

const CHALLENGE = urqlGql`query AltchaChallenge { altchaChallenge { challenge expiresAt } }`;
const CONTACT = gql`
  mutation Contact($input: ContactSendInput!) {
    contactSend(input: $input) {
      __typename
      ... on ContactSent { message }
      ... on InvalidInput { errors { field code message } }
      ... on ContactUnavailable { message }
      ... on RateLimited { retryAfter message }
    }
  }
`;

// 1. The challenge, by GET as a front end's query goes (the answer must not be cached).
const urql = new Client({ url, exchanges: [fetchExchange], preferGetMethod: 'force', requestPolicy: 'network-only' });
const fetched = await urql.query(CHALLENGE, {}).toPromise();
if (fetched.error) throw fetched.error;
const { challenge, expiresAt } = fetched.data.altchaChallenge;

// 2. Solved as the widget solves it, and the payload built as the widget builds it.
const started = performance.now();
const solution = await solveChallenge({ challenge, deriveKey: pbkdf2.deriveKey, timeout: 60000 });
if (!solution) throw new Error('The challenge could not be solved.');
const payload = btoa(JSON.stringify({
  challenge: { parameters: challenge.parameters, signature: challenge.signature },
  solution,
}));
const solveMs = Math.round(performance.now() - started);

// 3. The form, sent twice with the same payload.
const apollo = new ApolloClient({ link: new HttpLink({ uri: url }), cache: new InMemoryCache() });
const send = async () => (await apollo.mutate({ mutation: CONTACT, variables: { input: { ...input, altcha: payload } } })).data.contactSend;
const first = await send();
const replay = await send();

console.log(JSON.stringify({ algorithm: challenge.parameters.algorithm, expiresAt, solveMs, counter: solution.counter, first, replay }));
