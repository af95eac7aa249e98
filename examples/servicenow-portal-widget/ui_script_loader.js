// UI Script "x_cmdctr.loader" (UI type: All). Attached to the widget through a JS Include (see
// dependency.md). Portal JS Includes load as classic <script> tags and the cmdctr bundle is an
// ES module, so this classic script adds a <script type="module"> for it. Plain ES5 on purpose:
// the instance's script editor and compressor do not accept `import()` syntax everywhere.
// Every widget on the page shares one tag; a second copy of the library elsewhere on the page
// is harmless (the first registration wins and the second logs a warning).
/* global window, document */
(function () {
  'use strict';
  // Where the bundle is served. The default is the UI Script that holds the bundle itself
  // (x_cmdctr.bundle → /x_cmdctr.bundle.jsdbx); a page may set window.CMDCTR_BUNDLE_URL first.
  var url = window.CMDCTR_BUNDLE_URL || '/x_cmdctr.bundle.jsdbx';
  if (document.querySelector('script[data-cmdctr-bundle]')) return;
  var script = document.createElement('script');
  script.type = 'module';
  script.src = url;
  script.setAttribute('data-cmdctr-bundle', '');
  script.onerror = function () {
    // Without the bundle the elements stay empty unknown tags: say why where admins look.
    console.error('cmdctr: could not load ' + url);
  };
  document.head.appendChild(script);
})();
