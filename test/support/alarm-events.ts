/** The alarm event builders live in infra/local, where the demo uses them too. */
export { alarmStateChange } from '../../infra/local/alarm-events';
