import { defineElement } from '../base/define-element.js';
import { CmdctrConfigElement } from './cmdctr-config.js';

defineElement('cmdctr-config', CmdctrConfigElement);

declare global {
  interface HTMLElementTagNameMap {
    'cmdctr-config': CmdctrConfigElement;
  }
}
