// Charts of a call's projects (staff). Figures and texts come from the page's json_script "project-charts"; the
// tables beside the charts hold the same figures, so nothing is lost without JavaScript.
(() => {
  "use strict";
  const start = () => {
    const node = document.getElementById("project-charts");
    if (!node || !window.echarts) return;
    const data = JSON.parse(node.textContent);
    const t = data.texts;
    const num = (v) => Number(v);
    const charts = [];

    const progress = echarts.init(document.getElementById("chart-progress"));
    progress.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [t.done, t.overdue, t.activities] },
      grid: { left: 56, right: 56, bottom: 56 },
      xAxis: { type: "category", name: t.month, nameLocation: "middle", nameGap: 32, data: data.progress.months },
      yAxis: { type: "value", name: t.count, minInterval: 1 },
      series: [
        { name: t.done, type: "bar", stack: "milestones", data: data.progress.milestones_done, itemStyle: { color: "#2f6f4f" } },
        { name: t.overdue, type: "bar", stack: "milestones", data: data.progress.milestones_overdue, itemStyle: { color: "#a61b1b" } },
        { name: t.activities, type: "line", data: data.progress.activities, itemStyle: { color: "#5b7db1" } }
      ]
    });
    charts.push(progress);

    const rows = data.spending.rows;
    const spending = echarts.init(document.getElementById("chart-spending"));
    spending.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: [t.approved, t.grant, t.own] },
      grid: { left: 140, right: 56, bottom: 48 },
      xAxis: { type: "value", name: t.yuan, nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "category", name: t.item, inverse: true, data: rows.map((r) => r.item) },
      series: [
        { name: t.approved, type: "bar", data: rows.map((r) => num(r.approved)), itemStyle: { color: "#c9ced6" } },
        { name: t.grant, type: "bar", stack: "spent", data: rows.map((r) => num(r.grant)), itemStyle: { color: "#5b7db1" } },
        { name: t.own, type: "bar", stack: "spent", data: rows.map((r) => num(r.own)), itemStyle: { color: "#d08b2c" } }
      ]
    });
    charts.push(spending);

    const types = echarts.init(document.getElementById("chart-types"));
    types.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: [t.activities, t.participants] },
      grid: { left: 56, right: 64, bottom: 56 },
      xAxis: { type: "category", name: t.type, nameLocation: "middle", nameGap: 32, data: data.types.map((r) => r.label) },
      yAxis: [
        { type: "value", name: t.count, minInterval: 1 },
        { type: "value", name: t.people, minInterval: 1 }
      ],
      series: [
        { name: t.activities, type: "bar", data: data.types.map((r) => r.count) },
        { name: t.participants, type: "bar", yAxisIndex: 1, data: data.types.map((r) => r.participants) }
      ]
    });
    charts.push(types);

    window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
