/* PIM Dashboard: draws the server-built plotly figures and wires the print button.
   Figures come from <script type="application/json"> elements (Django's json_script),
   so the pages need no inline script and a strict Content-Security-Policy holds. */
(function () {
  "use strict";

  function locale() {
    return (document.documentElement.lang || "pl").indexOf("pl") === 0 ? "pl" : "en";
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-figure"));
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
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
