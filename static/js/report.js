// The report's "Print" button: the browser's own print dialog (and "Save as PDF").
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
