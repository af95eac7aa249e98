import { expect } from '@open-wc/testing';

describe('browser', () => {
  it('runs in Chromium with the Popover API', () => {
    expect(HTMLElement.prototype).to.have.property('showPopover');
  });
});
