// Part of tests/clients (see README.md).
// Real-client check of the API's identity rules: urql graphcache and Apollo InMemoryCache.
// usage: node check.mjs http://127.0.0.1:8100/graphql/
import { Client, fetchExchange, gql as ugql } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client/core/index.js';
import { getIntrospectionQuery, buildClientSchema, isObjectType, isInterfaceType, isUnionType,
  isListType, isNonNullType, getNamedType, isLeafType } from 'graphql';

const url = process.argv[2] || 'http://127.0.0.1:8100/graphql/';
const post = async (query, variables = {}) => {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }) });
  return r.json();
};

const intro = (await post(getIntrospectionQuery())).data;
const schema = buildClientSchema(intro);

const pageIface = () => schema.getType('Page');
const isPageType = t => t === pageIface() || (isObjectType(t) && t.getInterfaces().includes(pageIface()));
function selection(type, depth, top = true) {
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
}

const warnings = [];
const origWarn = console.warn;
console.warn = (...a) => warnings.push(a.join(' ').slice(0, 200));
// The embedded value types, as docs/graphql.md lists them for urql's `keys`.
import { readFileSync } from 'node:fs';
const docs = readFileSync(process.argv[3], 'utf8');
const listed = docs.split('<!-- embedded-value-types -->')[1].split('<!-- /embedded-value-types -->')[0];
const keys = {};
for (const m of listed.matchAll(/^- `(\w+)`/gm)) keys[m[1]] = () => null;
for (const t of intro.__schema.types) if (/(Connection|Edge)$/.test(t.name)) keys[t.name] = () => null;
console.log(`urql keys for ${Object.keys(keys).length} embedded value types`);
const urql = new Client({ url, exchanges: [cacheExchange({ schema: intro, keys }), fetchExchange],
  preferGetMethod: false });
const pageSel = selection(schema.getType('Page'), 4);
const queries = {
  pages: `{ pages(first: 30) { edges { node ${pageSel} } } }`,
  pagesDe: `{ pages(first: 30, locale: "de") { edges { node ${pageSel} } } }`,
  campaigns: `{ campaigns ${selection(schema.getQueryType().getFields().campaigns.type, 4)} }`,
  site: `{ site ${selection(schema.getQueryType().getFields().site.type, 3)} }`,
};
let errors = 0;
for (const [name, q] of Object.entries(queries)) {
  const res = await urql.query(ugql(q), {}).toPromise();
  if (res.error) { errors++; origWarn(`urql ${name}:`, String(res.error).slice(0, 500)); }
}
console.warn = origWarn;
console.log(`urql graphcache: ${warnings.length} warnings, ${errors} query errors`);
for (const w of [...new Set(warnings)].slice(0, 10)) console.log('  ', w);

// Apollo: an English post and its German translation in one cache never share block objects.
const possibleTypes = {};
for (const t of intro.__schema.types) if (t.possibleTypes) possibleTypes[t.name] = t.possibleTypes.map(p => p.name);
const apollo = new ApolloClient({ link: new HttpLink({ uri: url, fetch }), cache: new InMemoryCache({ possibleTypes }) });
const postsQ = gql`query($locale: String) { posts(first: 50, locale: $locale) { edges { node ${selection(schema.getType('CampaignPost'), 3)} } } }`;
const en = await apollo.query({ query: postsQ, variables: { locale: 'en' } });
const enJson = JSON.stringify(en.data);
const de = await apollo.query({ query: postsQ, variables: { locale: 'de' } });
const enAgain = await apollo.query({ query: postsQ, variables: { locale: 'en' }, fetchPolicy: 'cache-only' });
const same = JSON.stringify(enAgain.data) === enJson;
console.log(`Apollo: en posts ${en.data.posts.edges.length}, de posts ${de.data.posts.edges.length}; ` +
  `English answer unchanged after loading German: ${same}`);
process.exit(same && warnings.length === 0 && errors === 0 ? 0 : 1);
