// youdai: what the web form needs beyond Decap's defaults, so that what it saves passes
// `youdai check`. Written into admin/index.html by `youdai cms`, after Decap itself.
(function () {
  'use strict';
  var CMS = window.CMS;
  if (!CMS) {
    return;
  }

  // An optional field left empty, or emptied, is left out of the file: Decap would write
  // `valid_from: ""` (a cleared date) or `location: { lat: "", lon: "" }`, which are errors.
  function isCollection(value) {
    return value !== null && typeof value === 'object' &&
      typeof value.filter === 'function' && typeof value.isEmpty === 'function';
  }
  function clean(value) {
    if (value === null || value === undefined) {
      return undefined;
    }
    if (typeof value === 'string') {
      return value.trim() === '' ? undefined : value;
    }
    if (isCollection(value)) {
      var kept = value.map(clean).filter(function (v) { return v !== undefined; });
      return kept.isEmpty() ? undefined : kept;
    }
    return value;
  }
  CMS.registerEventListener({
    name: 'preSave',
    handler: function (event) {
      return event.entry.get('data').map(clean).filter(function (v) { return v !== undefined; });
    },
  });

  // A category, group, region or partner kind may be written by its id or by its name in
  // site.yaml (`残疾军人` is `disabled`). The form offers ids; a name already in a file is
  // shown as the choice it names, so that changing the field does not silently drop it.
  var select = CMS.getWidget('select');
  var h = window.h;
  var createClass = window.createClass;
  if (!select || !h || !createClass) {
    return;
  }
  function idOf(written, options) {
    var id = null;
    options.forEach(function (o) {
      if (id === null && o.get('value') === written) {
        id = written;
      }
    });
    options.forEach(function (o) {
      if (id === null && String(o.get('label')).trim() === written) {
        id = o.get('value');
      }
    });
    return id === null ? written : id;
  }
  function asIds(value, field) {
    var options = field.get('options');
    if (!options || value === null || value === undefined) {
      return value;
    }
    if (typeof value === 'string') {
      var id = idOf(value, options);
      return field.get('multiple') ? [id] : id;
    }
    if (typeof value.map === 'function') {
      return value.map(function (v) { return typeof v === 'string' ? idOf(v, options) : v; });
    }
    return value;
  }
  CMS.registerWidget('youdai-choice', createClass({
    isValid: function () {
      return this.inner && this.inner.isValid ? this.inner.isValid() : true;
    },
    render: function () {
      var self = this;
      return h(select.control, Object.assign({}, this.props, {
        value: asIds(this.props.value, this.props.field),
        ref: function (inner) { self.inner = inner; },
      }));
    },
  }), select.preview, select.schema);
})();
