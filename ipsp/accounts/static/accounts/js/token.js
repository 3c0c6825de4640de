// "Copy" button of the page that shows a new access token once (progressive: the
// button stays hidden without JavaScript, and the token can still be selected).
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  const input = document.getElementById(button.dataset.copyTarget);
  const done = button.closest("section")?.querySelector("[data-copy-done]");
  if (!input) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select();
      document.execCommand("copy");
    }
    if (done) done.hidden = false;
  });
});
