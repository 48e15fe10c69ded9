/* The dashboard's bar chart (Chart.js from static/vendor); its data sits in the canvas's data-chart. */
(function () {
  var el = document.getElementById("kh-chart");
  if (!window.Chart || !el) { return; }
  var data = JSON.parse(el.dataset.chart);
  new Chart(el, {type: "bar", data: {labels: data.labels, datasets: [{label: el.dataset.label || "", data: data.values,
    backgroundColor: ["#9e9e9e", "#90caf9", "#64b5f6", "#42a5f5", "#1e88e5", "#43a047", "#fb8c00", "#e53935"]}]},
    options: {plugins: {legend: {display: false}}, animation: false}});
})();
