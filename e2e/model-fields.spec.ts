/**
 * The Model step's number fields hold the build back while one shows an invalid value: the configuration still
 * holds that field's last valid value, so "Rebuild with new weights" would build a model other than the one on
 * screen. The reason stands beside the button, and the parameter table gives way to '—' and what to fix (it showed the
 * last valid hidden size's counts). A field nobody can edit (Layers once the tutorial's network is
 * chosen) holds nothing back.
 */
import { expect, test } from './fixtures';

test('a model setting showing an invalid value holds the rebuild back, and says why', async ({ page, shell, modelPage }) => {
  await shell.open('backend=wasm');
  await shell.waitForData();
  await shell.goTo('model');
  await modelPage.setHiddenSize(8);
  await modelPage.build();
  await expect(modelPage.buildButton).toHaveText('Rebuild with new weights');

  await modelPage.hiddenSize.fill('0');
  await expect(modelPage.hiddenSize, 'the hidden size as typed').toHaveValue('0');
  await expect(modelPage.buildButton, 'Rebuild refused while a model setting shows an invalid value').toBeDisabled();
  const reason = page.getByTestId('build-blocked');
  await expect(reason).toHaveText('To rebuild, fix Hidden size: between 1 and 4096.');
  await expect(modelPage.buildButton).toHaveAccessibleDescription('To rebuild, fix Hidden size: between 1 and 4096.');
  await expect(page.getByTestId('build-state'), 'no "matches these settings" beside a refused value').toBeHidden();

  // The parameter counts of the last valid hidden size (8) are not shown for a model nobody asked for.
  const parameters = page.getByTestId('parameters-blocked');
  await expect(page.getByTestId('parameter-table'), 'no counts while Hidden size shows 0').toHaveCount(0);
  await expect(parameters).toHaveText('Total: —. To see the parameter counts, fix Hidden size: between 1 and 4096.');
  // Nor the network drawn, or the equations' sizes given, for the last valid hidden size.
  await expect(page.getByTestId('network-diagram'), 'no diagram while Hidden size shows 0').toHaveCount(0);
  await expect(page.getByTestId('diagram-blocked')).toHaveText('To draw the network, fix Hidden size: between 1 and 4096.');
  await expect(page.getByText('the previous state to H numbers, one per hidden unit')).toBeVisible();
  await modelPage.hiddenSize.fill('');
  await expect(parameters).toHaveText('Total: —. To see the parameter counts, fix Hidden size: enter a number.');
  await modelPage.hiddenSize.fill('9999');
  await expect(page.getByTestId('parameter-table')).toHaveCount(0);

  await modelPage.hiddenSize.fill('16');
  await expect(reason).toBeEmpty();
  await expect(parameters).toHaveCount(0);
  await expect(page.getByTestId('parameter-table'), 'the counts of the hidden size on screen').toBeVisible();
  await expect(page.getByTestId('network-diagram'), 'the network of the hidden size on screen').toBeVisible();
  await expect(page.getByText('the previous state to 16 numbers, one per hidden unit')).toBeVisible();
  await expect(modelPage.buildButton).toBeEnabled();
  await expect(page.getByTestId('build-state')).toHaveText('Changed: the next Play builds a new model with these settings.');

  await modelPage.numLayers.fill('0');
  await expect(reason).toHaveText('To rebuild, fix Layers: between 1 and 16.');
  await modelPage.chooseCell('tutorial');
  await expect(modelPage.numLayers).toBeDisabled();
  await expect(modelPage.numLayers, 'a disabled field shows the value in use').toHaveValue('1');
  await expect(reason, 'a field nobody can edit holds nothing back').toBeEmpty();
  await modelPage.build();
});
