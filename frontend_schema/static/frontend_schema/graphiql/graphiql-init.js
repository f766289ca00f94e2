// Starts GraphiQL on the endpoint that served this page. A file of its own rather than an
// inline script, so that a strict Content-Security-Policy (script-src 'self') allows it.
(function () {
  "use strict";
  var endpoint = window.location.href.split("?")[0].split("#")[0];
  var parameters = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: endpoint });

  function updateURL(name, value) {
    if (value) {
      parameters.set(name, value);
    } else {
      parameters.delete(name);
    }
    var search = parameters.toString();
    history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      defaultQuery: document.getElementById("graphiql").dataset.defaultQuery,
      query: parameters.get("query") || undefined,
      variables: parameters.get("variables") || undefined,
      onEditQuery: function (value) { updateURL("query", value); },
      onEditVariables: function (value) { updateURL("variables", value); },
      inputValueDeprecation: true,
    })
  );
})();
