/* PIM Dashboard: draws the server-built plotly figures and wires the print button.
   Figures come from <script type="application/json"> elements (Django's json_script),
   so the pages need no inline script and a strict Content-Security-Policy holds. */
(function () {
  "use strict";

  function locale() {
    return (document.documentElement.lang || "pl").indexOf("pl") === 0 ? "pl" : "en";
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

  // On a phone, horizontal bars keep more room: smaller type, narrower labels.
  function fitNarrowScreen(figure, width) {
    if (width >= 560) {
      return;
    }
    figure.layout.font = Object.assign({}, figure.layout.font, { size: 11 });
    figure.layout.height = Math.round(figure.layout.height * 1.2);
    if (figure.layout.legend) {
      figure.layout.legend.font = { size: 10 };
    }
    figure.data.forEach(function (trace) {
      if (trace.type === "bar" && trace.orientation === "h" && trace.y) {
        trace.y = trace.y.map(function (label) { return rewrap(label, 16); });
      }
    });
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    fitNarrowScreen(figure, element.clientWidth);
    window.Plotly.newPlot(element, figure.data, figure.layout, {
      displayModeBar: false,
      responsive: true,
      locale: locale()
    }).then(function () {
      element.setAttribute("data-drawn", "true");
    });
    // Points that carry a page address (the map's members) open that page.
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      if (point && typeof point.customdata === "string" && point.customdata.charAt(0) === "/") {
        window.location.href = point.customdata;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), draw);
    Array.prototype.forEach.call(document.querySelectorAll("[data-action='print']"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
