// Steps on the shared case detail page.
export async function waitForState(page, state) {
  await page.locator(`[data-testid="case-detail"][data-state="${state}"]`).waitFor();
}

// Clicks an allowed action's button, lets `fill` complete its form, and submits.
export async function act(page, action, fill) {
  await page.getByTestId(`action-${action}`).click();
  const form = page.locator(`[data-testid="action-form"][data-action="${action}"]`);
  await form.waitFor();
  if (fill) await fill(form);
  const submit = page.getByTestId('action-submit');
  await submit.waitFor();
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="action-submit"]');
    return b && !b.disabled && !b.classList.contains('is-disabled');
  });
  await submit.click();
  await form.waitFor({state: 'detached'});
}

export async function allowedActions(page) {
  return page.locator('[data-testid="case-actions"] [data-testid^="action-"]')
      .evaluateAll(
          (els) => els.map((e) => e.getAttribute('data-testid').replace(/^action-/, '')),
      );
}
