// Progressive enhancement for the team dashboard: a Chart.js bar chart drawn from each table that
// asks for one. The table stays the source (and stays on the page); without JavaScript it is all there is.
(function () {
  'use strict';
  if (typeof window.Chart !== 'function') return;
  // GOV.UK Frontend colours, distinct enough side by side.
  var COLOURS = ['#00703c', '#d4351c', '#f47738', '#1d70b8', '#4c2c92', '#505a5f'];
  var number = function (text) {
    var value = Number(String(text).trim());
    return Number.isFinite(value) ? value : null;
  };
  var columns = function (value) {
    return String(value || '').split(',').filter(Boolean).map(Number);
  };
  document.querySelectorAll('table[data-chart-series]').forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent.trim(); });
    var rows = Array.prototype.map.call(table.querySelectorAll('tbody tr'), function (tr) {
      return Array.prototype.map.call(tr.children, function (cell) { return cell.textContent.trim(); });
    });
    var labelColumns = columns(table.dataset.chartLabels);
    var seriesColumns = columns(table.dataset.chartSeries);
    var stacked = table.dataset.chartStacked === 'true';
    var caption = table.querySelector('caption');
    var title = caption ? caption.textContent.trim() : 'Chart';

    var box = document.createElement('div');
    box.className = 'dashboard-canvas';
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', 'Bar chart: ' + title + '. The same figures are in the table below.');
    box.style.position = 'relative';
    box.style.height = Math.max(240, Math.min(520, rows.length * (stacked ? 28 : 40) + 120)) + 'px';
    box.style.marginBottom = '20px';
    var canvas = document.createElement('canvas');
    canvas.setAttribute('aria-hidden', 'true');
    box.appendChild(canvas);
    table.parentNode.insertBefore(box, table);

    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: rows.map(function (row) { return labelColumns.map(function (i) { return row[i]; }).join(' · '); }),
        datasets: seriesColumns.map(function (column, n) {
          return {
            label: headings[column],
            data: rows.map(function (row) { return number(row[column]); }),
            backgroundColor: COLOURS[n % COLOURS.length],
          };
        }),
      },
      options: {
        indexAxis: 'y',
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: stacked } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  });
})();
