// Insight charts of the review (staff). Data and texts (axis titles with units, legends) come from the page's
// json_script "insight-data"; the tables beside the charts hold the same figures, so nothing is lost without
// JavaScript.
(() => {
  "use strict";
  const RED = "#a61b1b";
  const GREEN = "#2f6f4f";
  const BLUE = "#5b7db1";
  const axisName = (name) => ({ name, nameLocation: "middle", nameTextStyle: { fontWeight: "bold" } });
  const start = () => {
    const node = document.getElementById("insight-data");
    if (!node || !window.echarts) return;
    const data = JSON.parse(node.textContent);
    const t = data.texts;
    const num = (v) => Number(v);

    const experts = echarts.init(document.getElementById("chart-experts"));
    const points = [];
    data.experts.forEach((e, i) => e.totals.forEach((total) => points.push([i, num(total)])));
    experts.setOption({
      tooltip: {},
      legend: { top: 0, data: [t.review, t.expertMean, t.deviates] },
      grid: { left: 64, right: 16, top: 40, bottom: 96 },
      xAxis: Object.assign(axisName(t.expert), {
        type: "category", nameGap: 72, data: data.experts.map((e) => e.name), axisLabel: { rotate: 45 },
      }),
      yAxis: Object.assign(axisName(t.total), { type: "value", scale: true, nameGap: 44 }),
      series: [
        { name: t.review, type: "scatter", data: points, symbolSize: 6, itemStyle: { color: BLUE, opacity: 0.5 } },
        {
          name: t.expertMean, type: "scatter", symbol: "diamond", symbolSize: 14, itemStyle: { color: GREEN },
          data: data.experts.map((e, i) => (e.deviates ? null : [i, num(e.mean)])),
          markLine: data.panelMean
            ? { symbol: "none", label: { formatter: t.panelMean }, data: [{ yAxis: num(data.panelMean) }] }
            : undefined,
        },
        {
          name: t.deviates, type: "scatter", symbol: "diamond", symbolSize: 14, itemStyle: { color: RED },
          data: data.experts.map((e, i) => (e.deviates ? [i, num(e.mean)] : null)),
        },
      ],
    });

    const agreement = echarts.init(document.getElementById("chart-agreement"));
    agreement.setOption({
      tooltip: {},
      legend: { top: 0, data: [t.sdSeries] },
      grid: { left: 64, right: 16, top: 40, bottom: 64 },
      xAxis: Object.assign(axisName(t.application), {
        type: "category", nameGap: 40, data: data.applications.map((a) => a.number),
      }),
      yAxis: Object.assign(axisName(t.sd), { type: "value", nameGap: 44 }),
      series: [{
        name: t.sdSeries, type: "bar", itemStyle: { color: BLUE },
        data: data.applications.map((a) => ({ value: num(a.sd), itemStyle: { color: a.high ? RED : BLUE } })),
        markLine: data.threshold
          ? { symbol: "none", label: { formatter: t.threshold }, lineStyle: { color: RED }, data: [{ yAxis: num(data.threshold) }] }
          : undefined,
      }],
    });

    const criteria = echarts.init(document.getElementById("chart-criteria"));
    criteria.setOption({
      tooltip: {},
      legend: { top: 0, data: [t.shareSeries] },
      grid: { left: 160, right: 24, top: 40, bottom: 56 },
      xAxis: Object.assign(axisName(t.share), { type: "value", max: 100, nameGap: 32 }),
      yAxis: Object.assign(axisName(t.criterion), {
        type: "category", nameGap: 140, data: data.criteria.map((c) => c.name), inverse: true,
      }),
      series: [{ name: t.shareSeries, type: "bar", itemStyle: { color: BLUE }, data: data.criteria.map((c) => num(c.share)) }],
    });
    window.addEventListener("resize", () => [experts, agreement, criteria].forEach((chart) => chart.resize()));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
