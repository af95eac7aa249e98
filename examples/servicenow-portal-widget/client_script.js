// Service Portal widget Client controller. The elements are plain custom elements: the
// controller only turns their DOM events into portal navigation and messages. Events fire
// outside Angular's digest, so every scope change goes through $evalAsync.
/* global api */
api.controller = function ($scope, $element, $location, spUtil) {
  // Service Portal's convention: the template reads the controller as `c`.
  // eslint-disable-next-line @typescript-eslint/no-this-alias
  var c = this;
  var root = $element[0];

  // A heatmap cell: open the portal's exception list for that row and bucket, instead of the
  // row's runbook (the element's default when the event is not cancelled).
  function onDrill(event) {
    var d = event.detail || {};
    event.preventDefault();
    $scope.$evalAsync(function () {
      $location.search({
        id: c.data.listPage,
        workflow: d.workflow || undefined,
        dimension: d.rowDimension,
        key: d.rowKey,
        from: d.from,
        to: d.to,
      });
    });
  }

  // An approval decision got its answer: tell the user in the portal's own message area.
  function onDecision(event) {
    var d = event.detail || {};
    $scope.$evalAsync(function () {
      if (d.status === 'recorded') {
        var seq = d.decision && d.decision.ledgerSeq;
        spUtil.addInfoMessage(
          'Decision recorded for ' + d.approvalId + (seq ? ' (ledger entry #' + seq + ')' : ''),
        );
      } else if (d.status === 'already-decided') {
        spUtil.addInfoMessage(d.approvalId + ' was already decided by someone else.');
      } else if (d.status !== 'changed') {
        // 'changed' is handled inside the card (it reloads the evidence); the rest need the user.
        spUtil.addErrorMessage(
          'Decision for ' + d.approvalId + ' was not recorded (' + d.status + ').',
        );
      }
    });
  }

  // 401 from the API: the portal session ended. A reload signs the user in again and gives
  // the page a fresh g_ck.
  function onAuthRequired() {
    $scope.$evalAsync(function () {
      spUtil.addErrorMessage('Your session has expired. Reload the page to sign in again.');
    });
  }

  root.addEventListener('cmdctr-drill', onDrill);
  root.addEventListener('cmdctr-decision', onDecision);
  root.addEventListener('cmdctr-auth-required', onAuthRequired);
  $scope.$on('$destroy', function () {
    root.removeEventListener('cmdctr-drill', onDrill);
    root.removeEventListener('cmdctr-decision', onDecision);
    root.removeEventListener('cmdctr-auth-required', onAuthRequired);
  });
};
