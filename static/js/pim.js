/* PIM Dashboard: draws the server-built plotly figures, offers each chart as PNG and
   its data as CSV, marks tables that scroll sideways and wires the print button.

   Figures come from <script type="application/json"> elements (Django's json_script),
   so the pages need no inline script and a strict Content-Security-Policy holds.

   Phones are slow: plotly is fetched only on pages that have a chart, and only after
   the page has painted; a chart is drawn when it comes near the viewport, one at a time
   with a pause between them so that taps and scrolling are answered in between. Each
   chart's box has its final height before it is drawn (CSS), so drawing shifts nothing.
   Printing draws every chart first. */
(function () {
  "use strict";

  var script = document.currentScript;
  var NARROW = "(max-width: 600px)";
  var loading = null;
  var queue = [];
  var busy = false;
  var observer = null;

  function locale() {
    return (document.documentElement.lang || "pl").indexOf("pl") === 0 ? "pl" : "en";
  }

  function text(key) {
    var pl = locale() === "pl";
    return {
      csvSource: pl ? "Źródło" : "Source",
      scroll: pl ? "Tabela jest szersza niż ekran: przewiń ją w bok." : "The table is wider than the screen: scroll it sideways.",
      table: pl ? "Tabela przewijana w bok" : "Table that scrolls sideways"
    }[key];
  }

  function rewrap(label, width) {
    var words = String(label).replace(/<br>/g, " ").split(" ");
    var lines = [];
    var line = "";
    words.forEach(function (word) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    lines.push(line);
    return lines.join("<br>");
  }

  // Fit a figure to the box it is drawn in: the box's height (set by CSS, so the page
  // does not move when the chart appears), and on a phone smaller type, narrower labels
  // and an axis title broken into lines instead of cut at the edge.
  function fit(figure, element) {
    var width = element.clientWidth;
    var layout = figure.layout;
    layout.height = element.clientHeight || layout.height;
    var axis = layout.xaxis;
    if (axis && axis.title && axis.title.text) {
      var chars = Math.max(20, Math.floor(width / 7.5));
      var wrapped = rewrap(axis.title.text, chars);
      var extra = wrapped.split("<br>").length - 1;
      axis.title.text = wrapped;
      if (extra && layout.margin) {
        layout.margin = Object.assign({}, layout.margin, { b: (layout.margin.b || 50) + 16 * extra });
      }
    }
    if (!window.matchMedia(NARROW).matches) {
      return figure;
    }
    layout.font = Object.assign({}, layout.font, { size: 11 });
    if (layout.legend) {
      layout.legend.font = { size: 10 };
    }
    figure.data.forEach(function (trace) {
      if (trace.type === "bar" && trace.orientation === "h" && trace.y) {
        trace.y = trace.y.map(function (label) { return rewrap(label, 16); });
      }
    });
    return figure;
  }

  function figureOf(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function config() {
    return { displayModeBar: false, responsive: true, locale: locale() };
  }

  // Draw (or redraw to the box's present size). Returns a promise.
  function render(element) {
    var figure = figureOf(element);
    if (!figure) {
      return Promise.resolve();
    }
    fit(figure, element);
    element.setAttribute("data-width", String(element.clientWidth));
    return window.Plotly.react(element, figure.data, figure.layout, config()).then(function () {
      if (element.getAttribute("data-drawn") !== "true") {
        element.setAttribute("data-drawn", "true");
        // Points that carry a page address (the map's members) open that page.
        element.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          if (point && typeof point.customdata === "string" && point.customdata.charAt(0) === "/") {
            window.location.href = point.customdata;
          }
        });
      }
    });
  }

  function addScript(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(tag);
    });
  }

  function loadPlotly() {
    if (!loading) {
      var plotly = script && script.getAttribute("data-plotly");
      var plotlyLocale = script && script.getAttribute("data-plotly-locale");
      loading = window.Plotly ? Promise.resolve() : addScript(plotly).then(function () {
        return plotlyLocale ? addScript(plotlyLocale) : null;
      });
    }
    return loading;
  }

  function pause() {
    return new Promise(function (resolve) {
      if (window.requestIdleCallback) {
        window.requestIdleCallback(function () { resolve(); }, { timeout: 200 });
      } else {
        window.setTimeout(resolve, 16);
      }
    });
  }

  // One chart at a time, yielding to the browser between two.
  function drain() {
    if (busy || !queue.length) {
      return;
    }
    busy = true;
    var element = queue.shift();
    loadPlotly().then(function () {
      return element.getAttribute("data-drawn") === "true" ? null : render(element);
    }).then(pause).then(function () {
      busy = false;
      drain();
    }, function () {
      busy = false;
    });
  }

  function enqueue(element) {
    if (queue.indexOf(element) < 0 && element.getAttribute("data-drawn") !== "true") {
      queue.push(element);
    }
    drain();
  }

  // Every chart drawn now, e.g. before printing. Returns a promise.
  function drawAll() {
    var charts = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
    if (!charts.length) {
      return Promise.resolve();
    }
    return loadPlotly().then(function () {
      return Promise.all(charts.map(function (element) {
        return element.getAttribute("data-drawn") === "true" ? null : render(element);
      }));
    });
  }

  // Print: every chart drawn, at the printed page's width (A4 less the margins).
  var PRINT_WIDTH = 680;
  function beforePrint() {
    if (!window.Plotly) {
      // Not fetched yet: draw them as soon as it is (the print buttons wait for this).
      drawAll();
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), function (element) {
      var figure = figureOf(element);
      if (!figure) {
        return;
      }
      fit(figure, element);
      figure.layout.width = PRINT_WIDTH;
      figure.layout.autosize = false;
      window.Plotly.react(element, figure.data, figure.layout, config());
      element.setAttribute("data-drawn", "true");
    });
  }

  function afterPrint() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-drawn='true']"), render);
  }

  // Redraw a chart whose box changed width (window resized, phone rotated).
  var resizeTimer = null;
  function watchResize() {
    window.addEventListener("resize", function () {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(function () {
        Array.prototype.forEach.call(document.querySelectorAll("[data-drawn='true']"), function (element) {
          if (String(element.clientWidth) !== element.getAttribute("data-width")) {
            render(element);
          }
        });
      }, 150);
    });
  }

  function csvCell(value) {
    var cell = String(value).replace(/\s+/g, " ").trim();
    return /[",;\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
  }

  function tableRows(table) {
    return Array.prototype.map.call(table.querySelectorAll("tr"), function (row) {
      return Array.prototype.map.call(row.querySelectorAll("th, td"), function (cell) {
        return cell.textContent;
      });
    });
  }

  // The chart's data table as CSV: the chart's title, its source line (with n) and
  // then the table itself, row by row, as the page shows it.
  function chartCsv(figure) {
    var title = figure.querySelector(".chart-title");
    var meta = figure.querySelector(".chart-meta");
    var lines = [];
    if (title) {
      lines.push([title.textContent]);
    }
    var source = meta ? meta.textContent.replace(/\s+/g, " ").trim() : "";
    var n = figure.getAttribute("data-n");
    if (n && source.indexOf("n = ") < 0) {
      source = (source ? source + " · " : "") + "n = " + n;
    }
    if (source) {
      lines.push([text("csvSource") + ": " + source]);
    }
    lines.push([]);
    var table = figure.querySelector("table");
    lines = lines.concat(tableRows(table));
    return lines.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  function save(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    window.setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
  }

  // A drawing that is an SVG in the page (the map) as PNG: drawn into a canvas under its
  // title and legend, as the page shows them.
  function svgPng(svg, figure, name) {
    var box = svg.viewBox.baseVal;
    var width = 1400;
    var scale = width / box.width;
    var title = figure && figure.querySelector(".chart-title");
    var legend = figure ? Array.prototype.slice.call(figure.querySelectorAll(".map-legend li")) : [];
    var top = 60 + 34 * legend.length;
    var image = new Image();
    image.onload = function () {
      var canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = Math.round(box.height * scale) + top;
      var context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.fillStyle = "#1a1a1a";
      context.font = "bold 28px system-ui, sans-serif";
      context.fillText(title ? title.textContent : "", 16, 40);
      context.font = "24px system-ui, sans-serif";
      legend.forEach(function (entry, index) {
        var path = entry.querySelector("path");
        context.fillStyle = path.getAttribute("fill");
        context.fillRect(16, 62 + 34 * index, 20, 20);
        context.fillStyle = "#1a1a1a";
        context.fillText(entry.textContent.trim(), 46, 80 + 34 * index);
      });
      context.drawImage(image, 0, top, width, Math.round(box.height * scale));
      canvas.toBlob(function (blob) { save(blob, name + ".png"); }, "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  }

  function wireDownloads() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-action='chart-png']"), function (button) {
      var element = document.getElementById(button.getAttribute("data-chart"));
      if (!element) {
        return;
      }
      button.hidden = false;
      button.parentNode.hidden = false;
      button.addEventListener("click", function () {
        loadPlotly().then(function () {
          return element.getAttribute("data-drawn") === "true" ? null : render(element);
        }).then(function () {
          return window.Plotly.toImage(element, {
            format: "png",
            width: Math.max(element.clientWidth, 800),
            height: element.clientHeight,
            scale: 2
          });
        }).then(function (url) {
          // A data: address decoded here (fetching it would break the connect-src policy).
          var bytes = atob(url.slice(url.indexOf(",") + 1));
          var buffer = new Uint8Array(bytes.length);
          for (var i = 0; i < bytes.length; i += 1) {
            buffer[i] = bytes.charCodeAt(i);
          }
          save(new Blob([buffer], { type: "image/png" }), (button.getAttribute("data-name") || element.id) + ".png");
        });
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-action='map-png']"), function (button) {
      var box = document.getElementById(button.getAttribute("data-chart"));
      var svg = box && box.querySelector("svg");
      if (!svg) {
        return;
      }
      button.hidden = false;
      button.parentNode.hidden = false;
      button.addEventListener("click", function () {
        svgPng(svg, button.closest("figure"), button.getAttribute("data-name") || box.id);
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-action='chart-csv']"), function (button) {
      var figure = button.closest("figure");
      if (!figure || !figure.querySelector("table")) {
        return;
      }
      button.hidden = false;
      button.parentNode.hidden = false;
      button.addEventListener("click", function () {
        // A byte-order mark, so that spreadsheet programs read the Polish letters as UTF-8.
        var blob = new Blob(["\ufeff" + chartCsv(figure)], { type: "text/csv;charset=utf-8" });
        save(blob, (button.getAttribute("data-name") || "chart") + ".csv");
      });
    });
  }

  // A table wider than its box says so, and can be scrolled with the keyboard.
  function markScrollingTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-scroll"), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("is-scrollable", scrolls);
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) {
        if (!scrolls) {
          return;
        }
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.textContent = text("scroll");
        box.parentNode.insertBefore(hint, box);
      }
      hint.hidden = !scrolls;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        box.setAttribute("aria-label", caption ? caption.textContent : text("table"));
      }
    });
  }

  // A printed page says the day it was printed (the page may have been loaded earlier).
  function stampPrintDate() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print-date]"), function (stamp) {
      var today = new Date();
      stamp.textContent = today.toLocaleDateString(locale() === "pl" ? "pl-PL" : "en-GB", {
        day: "numeric", month: "long", year: "numeric"
      });
      stamp.setAttribute("datetime", today.toISOString().slice(0, 10));
    });
  }

  function watch(charts, options) {
    if (observer) {
      observer.disconnect();
    }
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          enqueue(entry.target);
        }
      });
    }, options);
    Array.prototype.forEach.call(charts, function (element) {
      if (element.getAttribute("data-drawn") !== "true") {
        observer.observe(element);
      }
    });
  }

  function start() {
    window.addEventListener("beforeprint", stampPrintDate);
    var charts = document.querySelectorAll("[data-figure]");
    if (charts.length) {
      if ("IntersectionObserver" in window) {
        // At first a chart is drawn once a fifth of it shows; once the visitor scrolls or
        // touches the page, also those about to show, so that they are ready on arrival.
        watch(charts, { threshold: 0.2 });
        var eager = function () {
          ["scroll", "keydown", "pointerdown", "touchstart"].forEach(function (name) {
            window.removeEventListener(name, eager, true);
          });
          watch(charts, { rootMargin: "400px 0px" });
        };
        ["scroll", "keydown", "pointerdown", "touchstart"].forEach(function (name) {
          window.addEventListener(name, eager, { capture: true, passive: true });
        });
      } else {
        Array.prototype.forEach.call(charts, enqueue);
      }
      watchResize();
      window.addEventListener("beforeprint", beforePrint);
      window.addEventListener("afterprint", afterPrint);
    }
    wireDownloads();
    markScrollingTables();
    window.addEventListener("resize", markScrollingTables);
    document.addEventListener("toggle", markScrollingTables, true);
    Array.prototype.forEach.call(document.querySelectorAll("[data-action='print']"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        drawAll().then(function () { window.print(); }, function () { window.print(); });
      });
    });
  }

  // For reports and tests: draw every chart now (a promise).
  window.PIM = { drawAll: drawAll };

  // Charts wait until the page has painted: plotly is not fetched before the load event.
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();
