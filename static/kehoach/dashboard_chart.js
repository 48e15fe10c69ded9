/* The dashboard's bar chart (Chart.js from static/vendor); its data sits in the canvas's data-chart.
   A bar opens the list behind it: the link of the same row of the counts table (same order as the bars). */
(function () {
  var el = document.getElementById("kh-chart");
  if (!window.Chart || !el) { return; }
  var data = JSON.parse(el.dataset.chart);
  var links = Array.prototype.map.call(document.querySelectorAll(".kh-counts td[class^='kh-count-'] a[data-count]"),
    function (a) { return a.href; });
  new Chart(el, {type: "bar", data: {labels: data.labels, datasets: [{label: el.dataset.label || "", data: data.values,
    backgroundColor: ["#9e9e9e", "#90caf9", "#64b5f6", "#42a5f5", "#1e88e5", "#43a047", "#fb8c00", "#e53935"]}]},
    options: {plugins: {legend: {display: false}}, animation: false,
      onHover: function (event, bars) { event.native.target.style.cursor = bars.length ? "pointer" : "default"; },
      onClick: function (event, bars) {
        if (bars.length && links[bars[0].index]) { window.location.href = links[bars[0].index]; }
      }}});
})();
