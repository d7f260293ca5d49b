/* Dashboard charts (ECharts, served locally): members by child area and the 12-month trend.
   Axis labels read the Chinese way (万); tooltips give the exact figure. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var labels = data.labels;

  function exact(v) { return Number(v).toLocaleString("en-US"); }
  function short(v) {
    if (!labels.wan || Math.abs(v) < 10000) { return exact(v); }
    var n = (v / 10000).toFixed(2).replace(/\.?0+$/, "");
    return labels.wan.replace("%(number)s", n);
  }
  // Names come from editors anywhere below: the tooltip is built as DOM nodes with textContent,
  // never as an HTML string, so a name like "><img onerror=...> stays text. (ECharts' own marker
  // is HTML with a style attribute, which the Content-Security-Policy would refuse anyway.)
  function text(tag, className, value) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    node.textContent = value;
    return node;
  }
  function tooltip(params) {
    var list = Array.isArray(params) ? params : [params];
    var box = document.createElement("div");
    box.appendChild(text("div", "chart-tip-title", list[0].axisValueLabel || list[0].name));
    list.forEach(function (p) {
      var row = text("div", "chart-tip-row", "");
      var marker = text("span", "chart-tip-marker", "");
      // Styled through CSSOM, which the policy allows (a style attribute it would not).
      var css = marker.style;
      css.display = "inline-block"; css.width = css.height = "10px"; css.borderRadius = "5px";
      css.marginRight = "5px"; css.backgroundColor = p.color;
      row.appendChild(marker);
      row.appendChild(document.createTextNode(p.seriesName + ": " + exact(p.value)));
      box.appendChild(row);
    });
    return box;
  }
  var palette = ["#b4232a", "#2563a8", "#1e7a46"];
  // A chart keeps the width it was drawn at: follow the window (a phone turned sideways) and,
  // where the browser can tell, the chart's own box (a card that changed width).
  function fitWidth(element, chart) {
    window.addEventListener("resize", function () { chart.resize(); });
    if (window.ResizeObserver) { new ResizeObserver(function () { chart.resize(); }).observe(element); }
  }
  var narrow = window.matchMedia && window.matchMedia("(max-width: 640px)").matches;

  var childrenEl = document.getElementById("chart-children");
  if (childrenEl && data.children.length > (narrow ? 4 : 8)) {
    // Many areas: horizontal bars, largest on top, names readable instead of rotated.
    var sorted = data.children.slice().sort(function (a, b) { return a.members - b.members; });
    var hbars = echarts.init(childrenEl);
    var shown = narrow ? 8 : 15;
    hbars.setOption({
      color: palette, tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: tooltip },
      legend: { top: 0 }, grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: short } },
      yAxis: { type: "category", data: sorted.map(function (c) { return c.name; }),
               axisLabel: { width: narrow ? 90 : 140, overflow: "truncate" } },
      dataZoom: sorted.length > shown ? [{ type: "inside", yAxisIndex: 0, startValue: sorted.length - shown, endValue: sorted.length - 1 },
                                         { type: "slider", yAxisIndex: 0, right: 0, width: 14 }] : [],
      series: [
        { name: labels.members, type: "bar", data: sorted.map(function (c) { return c.members; }) },
        { name: labels.migrants, type: "bar", data: sorted.map(function (c) { return c.migrants; }) }
      ]
    });
    hbars.on("click", function (p) { window.location.href = sorted[p.dataIndex].url; });
    fitWidth(childrenEl, hbars);
  } else if (childrenEl && data.children.length) {
    var bars = echarts.init(childrenEl);
    bars.setOption({
      color: palette, tooltip: { trigger: "axis", formatter: tooltip },
      legend: { top: 0 }, grid: { left: narrow ? 48 : 60, right: 16, top: 36, bottom: 70 },
      xAxis: { type: "category", data: data.children.map(function (c) { return c.name; }),
               axisLabel: { interval: 0, rotate: data.children.length > (narrow ? 3 : 6) ? 30 : 0, width: narrow ? 70 : 90, overflow: "truncate" } },
      yAxis: { type: "value", axisLabel: { formatter: short } },
      dataZoom: data.children.length > (narrow ? 8 : 20) ? [{ type: "slider", bottom: 0, endValue: narrow ? 7 : 19 }] : [],
      series: [
        { name: labels.members, type: "bar", data: data.children.map(function (c) { return c.members; }) },
        { name: labels.migrants, type: "bar", data: data.children.map(function (c) { return c.migrants; }) }
      ]
    });
    bars.on("click", function (p) { window.location.href = data.children[p.dataIndex].url; });
    fitWidth(childrenEl, bars);
  }

  var trendEl = document.getElementById("chart-trend");
  if (trendEl && data.trend.length) {
    var line = echarts.init(trendEl);
    line.setOption({
      color: palette, tooltip: { trigger: "axis", formatter: tooltip },
      legend: { top: 0 }, grid: { left: narrow ? 48 : 60, right: narrow ? 40 : 50, top: 36, bottom: 30 },
      xAxis: { type: "category", data: data.trend.map(function (t) { return t.month; }) },
      yAxis: [
        { type: "value", scale: true, axisLabel: { formatter: short } },
        { type: "value", scale: true, axisLabel: { formatter: short }, splitLine: { show: false } }
      ],
      series: [
        { name: labels.members, type: "line", smooth: true, data: data.trend.map(function (t) { return t.members; }) },
        { name: labels.migrants, type: "line", smooth: true, data: data.trend.map(function (t) { return t.migrants; }) },
        { name: labels.unions, type: "line", yAxisIndex: 1, data: data.trend.map(function (t) { return t.unions; }) }
      ]
    });
    fitWidth(trendEl, line);
  }
  // Yearly targets: the share of each child's target achieved so far (names stay text: the
  // tooltip is the DOM-built one above).
  var targetsEl = document.getElementById("chart-targets");
  var targets = data.targets || [];
  if (targetsEl && targets.length) {
    var pct = function (done, goal) { return goal ? Math.round(100 * done / goal) : 0; };
    var progress = echarts.init(targetsEl);
    progress.setOption({
      color: palette, tooltip: { trigger: "axis", formatter: tooltip },
      legend: { top: 0 }, grid: { left: narrow ? 80 : 120, right: 24, top: 36, bottom: 24 },
      yAxis: { type: "category", inverse: true, data: targets.map(function (t) { return t.name; }),
               axisLabel: { width: narrow ? 70 : 110, overflow: "truncate" } },
      xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: [
        { name: labels.target_unions, type: "bar", data: targets.map(function (t) { return pct(t.unions_done, t.unions_target); }) },
        { name: labels.target_members, type: "bar", data: targets.map(function (t) { return pct(t.members_done, t.members_target); }) }
      ]
    });
    fitWidth(targetsEl, progress);
  }
})();
