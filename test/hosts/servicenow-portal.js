// The parts of Service Portal a widget relies on, rebuilt on AngularJS 1.8 so the widget in
// examples/servicenow-portal-widget runs as it would on an instance: the server script fills
// `data` from the widget's options, the template is compiled with the client controller as `c`,
// and spUtil messages appear in the portal's message area.
/* global angular, api */
(function () {
  'use strict';
  var BASE = '/examples/servicenow-portal-widget/';

  // The instance's GlideSystem, as much of it as the server script uses.
  var gs = {
    getProperty: function (name, fallback) {
      return fallback;
    },
    getSession: function () {
      return {
        getTimeZoneName: function () {
          return 'Europe/Berlin';
        },
        getLanguage: function () {
          return 'en';
        },
      };
    },
    warn: function (message) {
      console.warn(message);
    },
  };

  angular
    .module('spHost', [])
    .factory('spUtil', [
      '$rootScope',
      function ($rootScope) {
        $rootScope.spMessages = [];
        function add(type) {
          return function (text) {
            $rootScope.spMessages.push({ type: type, text: text });
          };
        }
        return { addInfoMessage: add('info'), addErrorMessage: add('danger') };
      },
    ])
    .controller('spMessages', [
      '$rootScope',
      'spUtil',
      function ($rootScope) {
        this.list = $rootScope.spMessages;
      },
    ])
    // The instance runs the server script before sending the page; here it runs once per
    // widget, on the same globals (`data`, `options`, `gs`) it sees there.
    .factory('serverScript', [
      '$http',
      function ($http) {
        var source = $http.get(BASE + 'server_script.js').then(function (r) {
          return r.data;
        });
        return function (options) {
          return source.then(function (code) {
            var data = {};
            new Function('data', 'options', 'input', 'gs', code)(data, options, undefined, gs);
            return data;
          });
        };
      },
    ])
    .directive('spWidget', [
      '$compile',
      '$templateRequest',
      '$q',
      'serverScript',
      function ($compile, $templateRequest, $q, serverScript) {
        return {
          restrict: 'E',
          scope: {},
          link: function (scope, element, attrs) {
            var options = JSON.parse(attrs.options || '{}');
            $q.all([serverScript(options), $templateRequest(BASE + 'widget.html')]).then(
              function (results) {
                var controller = api.controller;
                var locals = { $scope: scope, $element: element };
                // Service Portal hands the controller its data and options before it runs.
                var c = Object.create(controller.prototype || Object.prototype);
                c.data = results[0];
                c.options = options;
                var injector = element.injector();
                injector.invoke(controller, c, locals);
                scope.c = c;
                element.html(results[1]);
                $compile(element.contents())(scope);
              },
            );
          },
        };
      },
    ]);
})();
