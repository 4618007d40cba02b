// Reads an iCalendar file on standard input with Mozilla's ical.js (the
// parser Thunderbird uses) and prints its events as JSON: the plans'
// export is proved by a client someone else wrote (tests/system/test_plans.py).
import ICAL from 'ical.js';

let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) text += chunk;
const calendar = new ICAL.Component(ICAL.parse(text));
const events = calendar.getAllSubcomponents('vevent').map((c) => {
  const e = new ICAL.Event(c);
  return {
    uid: e.uid,
    summary: e.summary,
    description: e.description,
    start: e.startDate.toString(),
    end: e.endDate.toString(),
    allDay: e.startDate.isDate,
    status: c.getFirstPropertyValue('status'),
  };
});
console.log(JSON.stringify({ name: calendar.getFirstPropertyValue('x-wr-calname'), events }));
