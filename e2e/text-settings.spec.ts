/**
 * Your text's settings are number fields like every other form's: what is typed stays as typed ("0.05" key by
 * key, not snapped to a valid value at each keystroke), a value out of range is shown with its range, and while
 * one is shown Play, Step and New weights are refused with the reason beside them, since the settings still
 * hold that field's last valid value. No training: a build at most.
 */
import { expect, test } from './fixtures';
import { TextLabPage } from './pages/TextLabPage';

const TEXT = 'The sea is calm tonight. The tide is full, the moon lies fair upon the straits.\n'.repeat(40);

test('Your text: a setting keeps what is typed, and one showing an invalid value holds Play, Step and New weights back', async ({ page, shell }) => {
  const lab = new TextLabPage(page);
  await shell.open('backend=wasm');
  await lab.open();
  await lab.useText(TEXT);
  await expect(lab.playButton).toBeEnabled();

  // Each keystroke is a change: "0" and "0.0" are out of range on the way to 0.05, and must not be replaced.
  await lab.typeNumber('text-lr', '0.05');
  await expect(page.getByTestId('text-lr'), 'the learning rate as typed').toHaveValue('0.05');
  await lab.typeNumber('text-epochs', '12');
  await expect(page.getByTestId('text-epochs'), 'the epochs as typed').toHaveValue('12');
  await expect(lab.settingsBlocked).toBeEmpty();

  await lab.typeNumber('text-hidden', '0');
  await expect(page.getByTestId('text-hidden'), 'the hidden size as typed').toHaveValue('0');
  await lab.typeNumber('text-streams', '100000');
  await expect(lab.playButton, 'Play refused while a setting of Your text shows an invalid value').toBeDisabled();
  await expect(lab.stepButton).toBeDisabled();
  await expect(lab.buildButton).toBeDisabled();
  await expect(lab.settingsBlocked).toHaveText('To build or train, fix Hidden size: between 1 and 4096; Streams B (batch): between 1 and 512.');
  await expect(lab.playButton).toHaveAccessibleDescription(/^To build or train, fix Hidden size/);

  await lab.setNumber('text-hidden', 8);
  await expect(lab.settingsBlocked).toHaveText('To build or train, fix Streams B (batch): between 1 and 512.');
  await lab.setNumber('text-streams', 8);
  await expect(lab.settingsBlocked).toBeEmpty();
  await expect(lab.playButton).toBeEnabled();
  await expect(lab.stepButton).toBeEnabled();
  // New weights builds from what the fields show: K 64 (the default) over 8 streams, 12 epochs.
  await lab.buildButton.click();
  await expect(page.getByTestId('text-status')).toHaveText('ready');
  await expect(page.getByTestId('text-progress')).toContainText('epoch 1 of 12');
});
