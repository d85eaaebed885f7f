// jest `globalSetup`: the tests run in a time zone that is not Beijing's, so code that reads the host's zone
// (getDate, getMonth, a date formatted without a zone) fails here rather than on a resident's phone abroad. It is
// set before jest starts its workers and the local clouds they start: a test's own `process.env` is a copy that
// Node does not watch, so setting TZ inside a test changes nothing. Los Angeles is 15–16 hours behind Beijing
// (on another calendar day most of the time) and has daylight saving.
module.exports = function otherTimeZone() {
  process.env.TZ = 'America/Los_Angeles';
};
