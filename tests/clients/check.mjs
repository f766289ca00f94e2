// Part of tests/clients (see README.md); run by tests/frontend_schema/test_normalising_clients.py.
// Real-client check of the API's identity rules: urql graphcache and Apollo InMemoryCache.
// usage: node check.mjs ENDPOINT DOCS_GRAPHQL_MD
//   e.g. node check.mjs http://127.0.0.1:8000/graphql/ ../../docs/graphql.md
//
// Every query stays within the endpoint's cost budget (frontend_schema/cost.py): lists of pages
// ask for a few items (`first: PAGE_SIZE`) and each page type is fetched with its own `type`
// filter, so every field of every page type is still selected and answered. Prints a report and,
// on its last line, a JSON summary. Exits 0 when the caches behave, 1 on any graphcache warning,
// query error, page type without pages, or German changing the cached English answer, and 2
// when the check itself cannot run (no endpoint, bad arguments).
import { readFileSync } from 'node:fs';
import { Client, fetchExchange, gql as ugql } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client/core/index.js';
import { getIntrospectionQuery, buildClientSchema, isObjectType, isInterfaceType, isUnionType,
  isNonNullType, getNamedType, isLeafType } from 'graphql';

// Items per list of pages: enough for an English and a German answer to meet in one cache, few
// enough that a full selection of the costliest page type stays far below the budget.
const PAGE_SIZE = 2;
const LOCALES = ['en', 'de'];

class CheckError extends Error {}

// A GraphQL error as one line: its message and, when the server gave them, code, cost and budget.
function describeGraphQLError(error) {
  const ext = error.extensions || {};
  const numbers = ext.cost !== undefined ? ` (cost ${ext.cost}, budget ${ext.budget})` : '';
  return `${ext.code ? `${ext.code}: ` : ''}${error.message}${numbers}`.slice(0, 500);
}

// Apollo's and urql's errors carry the server's GraphQL errors; show those, else the message.
function describe(error) {
  const graphQLErrors = error?.errors || error?.graphQLErrors || [];
  if (graphQLErrors.length) return graphQLErrors.map(describeGraphQLError).join('; ');
  if (error?.networkError) return `network error: ${error.networkError.message || error.networkError}`;
  return String(error?.message || error).slice(0, 500);
}

async function post(url, query, variables = {}) {
  let response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }) });
  } catch (error) {
    throw new CheckError(`cannot reach ${url}: ${error.cause?.message || error.message}`);
  }
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new CheckError(`${url} answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`);
  }
}

function selectionBuilder(schema) {
  const page = schema.getType('Page');
  const isPageType = t => t === page || (isObjectType(t) && t.getInterfaces().includes(page));
  // Every field of `type` (fragments on every possible type of an interface or union), `depth`
  // levels down; a page inside a page is `{ __typename id title }`, as it is only a link there.
  return function selection(type, depth, top = true) {
    type = getNamedType(type);
    if (isLeafType(type)) return '';
    if (depth <= 0) return null;
    if (!top && isPageType(type)) return '{ __typename id title }';
    const parts = ['__typename'];
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const f of Object.values(type.getFields())) {
        if (f.args.some(a => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
        const named = getNamedType(f.type);
        if (isLeafType(named)) { parts.push(f.name); continue; }
        if (['translations', 'parent', 'children'].includes(f.name) && depth < 4) continue;
        const sub = selection(named, depth - 1, false);
        if (sub) parts.push(`${f.name} ${sub}`);
      }
    }
    if (isInterfaceType(type) || isUnionType(type)) {
      for (const t of schema.getPossibleTypes(type)) {
        const sub = selection(t, depth, top);
        if (sub) parts.push(`... on ${t.name} ${sub}`);
      }
    }
    return `{ ${parts.join(' ')} }`;
  };
}

// urql's `keys` for the embedded value types docs/graphql.md lists, and every connection and edge.
function embeddedKeys(docsPath, intro) {
  let docs;
  try {
    docs = readFileSync(docsPath, 'utf8');
  } catch (error) {
    throw new CheckError(`cannot read ${docsPath} (docs/graphql.md): ${error.message}`);
  }
  const listed = docs.split('<!-- embedded-value-types -->')[1]?.split('<!-- /embedded-value-types -->')[0];
  if (!listed) throw new CheckError(`${docsPath} has no <!-- embedded-value-types --> list`);
  const keys = {};
  for (const m of listed.matchAll(/^- `(\w+)`/gm)) keys[m[1]] = () => null;
  for (const t of intro.__schema.types) if (/(Connection|Edge)$/.test(t.name)) keys[t.name] = () => null;
  return keys;
}

async function main() {
  const [url, docsPath] = process.argv.slice(2);
  if (!url || !docsPath) throw new CheckError('usage: node check.mjs ENDPOINT DOCS_GRAPHQL_MD');
  const introAnswer = await post(url, getIntrospectionQuery());
  if (!introAnswer.data) {
    throw new CheckError(`introspection failed: ${(introAnswer.errors || []).map(describeGraphQLError).join('; ')}`);
  }
  const intro = introAnswer.data;
  const schema = buildClientSchema(intro);
  const selection = selectionBuilder(schema);
  const pageTypes = schema.getPossibleTypes(schema.getType('Page')).map(t => t.name).sort();
  const failures = [];

  // urql graphcache: one document with fragments on every page type (so the fields of all types
  // must merge without aliases), run once per page type and locale into one cache.
  const warnings = [];
  const origWarn = console.warn;
  console.warn = (...a) => warnings.push(a.join(' ').slice(0, 200));
  const keys = embeddedKeys(docsPath, intro);
  console.log(`urql keys for ${Object.keys(keys).length} embedded value types`);
  const urql = new Client({ url, exchanges: [cacheExchange({ schema: intro, keys }), fetchExchange],
    preferGetMethod: false });
  const pagesDoc = `query Pages($type: String!, $locale: String) {
    pages(first: ${PAGE_SIZE}, locale: $locale, filter: { type: $type }) { edges { node ${selection(schema.getType('Page'), 4)} } } }`;
  const queryFields = schema.getQueryType().getFields();
  const runs = [];
  for (const locale of LOCALES) {
    for (const type of pageTypes) runs.push({ name: `pages ${type} ${locale}`, doc: pagesDoc, variables: { type, locale }, type, locale });
  }
  // A campaign's fields are all in the `pages` run of its type; this list of up to ten whole
  // campaigns would cost more than the budget, so it goes two levels deep.
  runs.push({ name: 'campaigns', doc: `{ campaigns ${selection(queryFields.campaigns.type, 2)} }`, variables: {} });
  runs.push({ name: 'site', doc: `{ site ${selection(queryFields.site.type, 3)} }`, variables: {} });
  const pagesByType = Object.fromEntries(LOCALES.map(l => [l, {}]));
  let errors = 0;
  for (const run of runs) {
    let res;
    try {
      res = await urql.query(ugql(run.doc), run.variables).toPromise();
    } catch (error) {
      res = { error };
    }
    if (res.error) {
      errors++;
      failures.push(`urql ${run.name}: ${describe(res.error)}`);
      continue;
    }
    if (run.type) pagesByType[run.locale][run.type] = res.data.pages.edges.length;
  }
  console.warn = origWarn;
  console.log(`urql graphcache: ${warnings.length} warnings, ${errors} query errors`);
  for (const w of [...new Set(warnings)].slice(0, 10)) console.log('  ', w);
  if (warnings.length) failures.push(`urql graphcache: ${warnings.length} warnings`);
  for (const locale of LOCALES) {
    console.log(`pages per type (${locale}): ${JSON.stringify(pagesByType[locale])}`);
  }
  // A type with only the fields of `Page` (GenericPage) is answered by every other page type.
  const pageFields = Object.keys(schema.getType('Page').getFields());
  const ownFields = t => Object.keys(schema.getType(t).getFields()).some(f => !pageFields.includes(f));
  const missing = pageTypes.filter(t => !pagesByType.en[t] && ownFields(t));
  if (missing.length && !errors) failures.push(`no English page of type ${missing.join(', ')}: their fields were not answered`);

  // Apollo: English posts and their German translations in one cache never share objects.
  const possibleTypes = {};
  for (const t of intro.__schema.types) if (t.possibleTypes) possibleTypes[t.name] = t.possibleTypes.map(p => p.name);
  const apollo = new ApolloClient({ link: new HttpLink({ uri: url, fetch }), cache: new InMemoryCache({ possibleTypes }) });
  const postsQ = gql`query Posts($locale: String) { posts(first: ${PAGE_SIZE}, locale: $locale) { edges { node ${selection(schema.getType('CampaignPost'), 3)} } } }`;
  const apolloQuery = async (label, options) => {
    try {
      return await apollo.query(options);
    } catch (error) {
      failures.push(`Apollo ${label}: ${describe(error)}`);
      return null;
    }
  };
  const apolloSummary = {};
  const en = await apolloQuery('en posts', { query: postsQ, variables: { locale: 'en' } });
  const de = en && await apolloQuery('de posts', { query: postsQ, variables: { locale: 'de' } });
  const enAgain = de && await apolloQuery('en posts from the cache',
    { query: postsQ, variables: { locale: 'en' }, fetchPolicy: 'cache-only' });
  if (enAgain) {
    const same = JSON.stringify(enAgain.data) === JSON.stringify(en.data);
    Object.assign(apolloSummary, { enPosts: en.data.posts.edges.length, dePosts: de.data.posts.edges.length, englishUnchanged: same });
    console.log(`Apollo: en posts ${apolloSummary.enPosts}, de posts ${apolloSummary.dePosts}; ` +
      `English answer unchanged after loading German: ${same}`);
    if (!same) failures.push('Apollo: loading the German posts changed the cached English answer');
    if (!apolloSummary.enPosts || !apolloSummary.dePosts) failures.push('Apollo: no English or no German post to compare');
  }

  for (const failure of failures) console.error(`FAIL ${failure}`);
  console.log(JSON.stringify({ pageTypes, pagesByType, warnings: warnings.length, errors, apollo: apolloSummary, failures }));
  return failures.length ? 1 : 0;
}

process.on('unhandledRejection', error => {
  console.error(`check.mjs: unexpected error: ${describe(error)}`);
  process.exit(2);
});
try {
  process.exit(await main());
} catch (error) {
  console.error(`check.mjs: ${error instanceof CheckError ? error.message : describe(error)}`);
  process.exit(2);
}
