/** The Slack webhook stand-in lives in infra/local, where the demo uses it too. */
export * from '../../infra/local/slack-capture';
