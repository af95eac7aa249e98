// Service Portal widget Server script. Runs on the instance before the template renders; what
// it puts on `data` reaches the client controller as `c.data`. It only reads options: the
// elements fetch their own data from the cmdctr API in the browser, as the signed-in user.
/* global data, options, gs */
(function () {
  /** An option value as a trimmed string ('' when unset). */
  function option(name) {
    var value = options[name];
    return value === undefined || value === null ? '' : String(value).trim();
  }

  // Only an absolute https URL or a same-instance path is accepted: this value becomes the
  // origin every request (with the session token) is sent to.
  function apiBase(raw) {
    var value = raw.replace(/\/+$/, '').replace(/\/v1$/, '');
    if (value === '' || /^https:\/\/[^\s/]+(\/[^\s]*)?$/i.test(value) || /^\/[^\s/]/.test(value))
      return value;
    gs.warn('cmdctr widget: ignoring api_base_url "' + raw + '" (not https or an instance path)');
    return '';
  }

  var WORKFLOW = /^[a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*$/;
  var RANGE = /^P(T\d+[HM]|\d+[DW])$/;

  var workflow = option('workflow');
  var range = option('range');
  var session = gs.getSession();

  data.title = option('title') || 'Automation exceptions';
  data.apiBase = apiBase(
    option('api_base_url') || String(gs.getProperty('x_cmdctr.api_base_url', '')),
  );
  // Undefined, not '', leaves the attribute off (ng-attr-*), so the API's default applies.
  data.workflow = WORKFLOW.test(workflow) ? workflow : undefined;
  data.range = RANGE.test(range) ? range : 'P7D';
  // The user's own time zone and language, so bucket edges and numbers read as elsewhere on
  // the instance.
  data.tz = String(session.getTimeZoneName() || '') || undefined;
  data.locale = String(session.getLanguage() || '') || undefined;
  data.showApprovals = option('show_approvals') !== 'false';
  data.listPage = option('list_page') || 'cmdctr_exceptions';
})();
