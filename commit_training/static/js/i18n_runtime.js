/* The COMMIT blocks' browser translations: one runtime for every language.

   Defines window.CommitTrainingI18N, the blocks' i18n_js_namespace (CommitBlockMixin):
     register(language, catalogue)  keeps one language's messages and makes it the active
                                    language; each translations/<locale>/text.js calls it
                                    with its data, so this script is loaded before them;
     gettext(msgid)                 the active language's translation, else msgid (English);
     ngettext(singular, plural, n)  the same for a count, else the English form for n;
     pluralidx(n)                   the plural form n takes in the active language.
   A catalogue maps a msgid to its translation, or to the list of its plural forms.
   The six languages of the region have one plural form (commit_training/i18n_js.py refuses
   a catalogue with another rule), so pluralidx is 0 once one of them is active; with none
   active, English's rule applies.

   catalog is the active catalogue, catalogs every registered one by language.

   An LMS that compiles the blocks' messages itself (Open edX's OEP-58 translations) serves
   a catalogue that brings its own gettext and replaces this object; so when the namespace
   already has a gettext (that catalogue, or this script loaded before by another block on
   the page) this script leaves it as it is.

   Hand-written, not generated; it holds no messages of its own. */
(function (global) {
  "use strict";

  if (global.CommitTrainingI18N && typeof global.CommitTrainingI18N.gettext === "function") {
    return;
  }
  var catalogs = {};
  var i18n = {catalogs: catalogs, language: null, catalog: {}};

  function pluralidx(count) {
    if (i18n.language !== null) {
      return 0;
    }
    return count === 1 ? 0 : 1;
  }

  function lookup(msgid) {
    var own = Object.prototype.hasOwnProperty.call(i18n.catalog, msgid);
    return own ? i18n.catalog[msgid] : undefined;
  }

  function gettext(msgid) {
    var value = lookup(msgid);
    if (value === undefined) {
      return msgid;
    }
    return typeof value === "string" ? value : value[0];
  }

  function ngettext(singular, plural, count) {
    var value = lookup(singular);
    if (value === undefined) {
      return count === 1 ? singular : plural;
    }
    return typeof value === "string" ? value : value[i18n.pluralidx(count)];
  }

  function register(language, catalogue) {
    catalogs[language] = catalogue;
    i18n.language = language;
    i18n.catalog = catalogue;
  }

  i18n.register = register;
  i18n.pluralidx = pluralidx;
  i18n.gettext = gettext;
  i18n.ngettext = ngettext;
  global.CommitTrainingI18N = i18n;
})(typeof window !== "undefined" ? window : this);
