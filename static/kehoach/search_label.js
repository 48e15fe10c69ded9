/* viewflow's page search box (<vf-page-search>, on lists such as Văn bản) writes its label "Search..." in
   viewflow.min.js itself, not through the JavaScript catalog: say it in Vietnamese wherever the box appears. */
(function () {
  if (window.khSearchLabel) { return; }  // Turbo keeps this script across visits: watch once
  window.khSearchLabel = true;
  var text = window.gettext ? window.gettext('Tìm kiếm...') : 'Tìm kiếm...';
  function translate() {
    var label = document.getElementById('id_page_search_label');
    if (label && label.textContent !== text) { label.textContent = text; }
  }
  new MutationObserver(translate).observe(document.documentElement, {childList: true, subtree: true});
  translate();
})();
