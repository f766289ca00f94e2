// The repro with a real Apollo Client: the English post queried, then the German one, then
// the English one again from the normalised cache must not show German paragraphs.
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client/core/index.js';
const [url, enPath, dePath] = process.argv.slice(2);
const intro = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ __schema { types { name possibleTypes { name } } } }' }) })).json();
const possibleTypes = {};
for (const t of intro.data.__schema.types) if (t.possibleTypes) possibleTypes[t.name] = t.possibleTypes.map(p => p.name);
const client = new ApolloClient({ link: new HttpLink({ uri: url, fetch }), cache: new InMemoryCache({ possibleTypes }) });
const Q = gql`query($path: String!, $locale: String) { page(path: $path, locale: $locale) { id title
  ... on CampaignPost { body { __typename ... on ParagraphBlock { id richText { html } } } } } }`;
const show = r => JSON.stringify(r.data.page.body.filter(b => b.__typename === 'ParagraphBlock').map(b => b.richText.html.slice(0, 40)));
const en1 = await client.query({ query: Q, variables: { path: enPath, locale: 'en' } });
const de = await client.query({ query: Q, variables: { path: dePath, locale: 'de' } });
const en2 = await client.query({ query: Q, variables: { path: enPath, locale: 'en' }, fetchPolicy: 'cache-only' });
console.log('en before:', show(en1)); console.log('de:', show(de)); console.log('en after:', show(en2));
const ok = show(en1) === show(en2) && !show(en2).includes('GERMAN');
console.log(ok ? 'OK: the English post is unchanged' : 'FAULT: German paragraphs leaked into the English post');
process.exit(ok ? 0 : 1);
