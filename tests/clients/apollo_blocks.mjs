// Part of tests/clients (see README.md); run by tests/frontend_schema/test_normalising_clients.py.
// The block-id issue's repro with a real Apollo Client: the English post queried, then its German
// translation, then the English post again from the normalised cache must not show German
// paragraphs.
// usage: node apollo_blocks.mjs ENDPOINT ENGLISH_PATH GERMAN_PATH
//   the paths of an English post and of its German translation, whose paragraphs differ.
// Exits 0 when the English post is unchanged, 1 when it changed or a query failed, 2 when the
// check cannot run (bad arguments, no endpoint).
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client/core/index.js';

const [url, enPath, dePath] = process.argv.slice(2);

function describe(error) {
  const graphQLErrors = error?.errors || error?.graphQLErrors || [];
  if (graphQLErrors.length) {
    return graphQLErrors.map(e => `${e.extensions?.code ? `${e.extensions.code}: ` : ''}${e.message}`).join('; ');
  }
  return String(error?.message || error).slice(0, 500);
}

async function main() {
  if (!url || !enPath || !dePath) {
    console.error('usage: node apollo_blocks.mjs ENDPOINT ENGLISH_PATH GERMAN_PATH');
    return 2;
  }
  let intro;
  try {
    intro = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { types { name possibleTypes { name } } } }' }) })).json();
  } catch (error) {
    console.error(`apollo_blocks.mjs: cannot query ${url}: ${error.cause?.message || error.message}`);
    return 2;
  }
  if (!intro.data) {
    console.error(`apollo_blocks.mjs: introspection failed: ${describe(intro)}`);
    return 2;
  }
  const possibleTypes = {};
  for (const t of intro.data.__schema.types) if (t.possibleTypes) possibleTypes[t.name] = t.possibleTypes.map(p => p.name);
  const client = new ApolloClient({ link: new HttpLink({ uri: url, fetch }), cache: new InMemoryCache({ possibleTypes }) });
  const Q = gql`query Post($path: String!, $locale: String) { page(path: $path, locale: $locale) { id title
    ... on CampaignPost { body { __typename ... on ParagraphBlock { id richText { html } } } } } }`;
  const paragraphs = (label, result) => {
    const page = result.data?.page;
    if (!page) throw new Error(`${label}: no page at that path`);
    if (!page.body) throw new Error(`${label}: the page is a ${page.__typename}, not a CampaignPost`);
    const found = page.body.filter(b => b.__typename === 'ParagraphBlock').map(b => b.richText.html.slice(0, 60));
    if (!found.length) throw new Error(`${label}: the post has no paragraph`);
    return JSON.stringify(found);
  };
  let en1, de, en2;
  try {
    en1 = paragraphs(`English ${enPath}`, await client.query({ query: Q, variables: { path: enPath, locale: 'en' } }));
    de = paragraphs(`German ${dePath}`, await client.query({ query: Q, variables: { path: dePath, locale: 'de' } }));
    en2 = paragraphs(`English ${enPath} from the cache`,
      await client.query({ query: Q, variables: { path: enPath, locale: 'en' }, fetchPolicy: 'cache-only' }));
  } catch (error) {
    console.error(`FAIL ${describe(error)}`);
    return 1;
  }
  console.log('en before:', en1); console.log('de:', de); console.log('en after:', en2);
  if (de === en1) {
    console.error('FAIL the German paragraphs are the English ones: the repro needs a German post whose paragraphs were edited');
    return 1;
  }
  const ok = en1 === en2;
  console.log(ok ? 'OK: the English post is unchanged' : 'FAULT: German paragraphs leaked into the English post');
  return ok ? 0 : 1;
}

process.on('unhandledRejection', error => {
  console.error(`apollo_blocks.mjs: unexpected error: ${describe(error)}`);
  process.exit(2);
});
process.exit(await main());
