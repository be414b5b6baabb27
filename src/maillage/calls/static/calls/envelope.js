// Shows what would remain of the envelope as the amount is typed; the server decides.
document.querySelectorAll(".grant-amount").forEach((input) => {
  const remaining = Number(document.getElementById("envelope-remaining")?.dataset.remaining);
  const output = document.getElementById(input.getAttribute("aria-describedby"));
  if (!output || Number.isNaN(remaining)) return;
  const show = () => {
    const left = remaining - Number(input.value || 0);
    output.textContent = `→ ${left.toLocaleString(document.documentElement.lang || undefined, {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    })} €`;
  };
  input.addEventListener("input", show);
  show();
});
