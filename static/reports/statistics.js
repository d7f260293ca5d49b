/* Statistics charts (ECharts, served locally): one sorted horizontal bar chart per page, largest
   on top, the smallest folded into "others" by the server. Names are written as text (DOM
   nodes with textContent), never as HTML; numbers use 万 only when the page is in Chinese. */
(function () {
  "use strict";
  var source = document.getElementById("stat-chart-data");
  var element = document.getElementById("stat-chart");
  if (!source || !element || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  if (!data.bars.length) { return; }

  function exact(v) { return Number(v).toLocaleString("en-US"); }
  function short(v) {
    if (data.unit === "percent") { return Number(v).toFixed(1) + "%"; }
    if (!data.wan || Math.abs(v) < 10000) { return exact(v); }
    return data.wan.replace("%(number)s", (v / 10000).toFixed(1));
  }
  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }
  function tooltip(params) {
    var p = Array.isArray(params) ? params[0] : params;
    var box = document.createElement("div");
    box.appendChild(text("div", p.name));
    box.appendChild(text("div", data.label + ": " + (data.unit === "percent" ? short(p.value) : exact(p.value))));
    return box;
  }
  var bars = data.bars.slice().reverse(); // ECharts draws the first category at the bottom
  var chart = echarts.init(element);
  chart.setOption({
    color: ["#b4232a"],
    tooltip: { trigger: "item", formatter: tooltip },
    grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: "value", axisLabel: { formatter: short } },
    yAxis: { type: "category", data: bars.map(function (b) { return b.name; }),
             axisLabel: { width: 140, overflow: "truncate" } },
    series: [{ name: data.label, type: "bar", data: bars.map(function (b) { return b.value; }),
               label: { show: true, position: "right", formatter: function (p) { return short(p.value); } } }]
  });
  chart.on("click", function (p) {
    var url = bars[p.dataIndex] && bars[p.dataIndex].url;
    if (url) { window.location.href = url; }
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
