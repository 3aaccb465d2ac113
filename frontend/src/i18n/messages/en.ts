import type { MessageSchema } from './es-CL'

const en: MessageSchema = {
  app: {
    skipToContent: 'Skip to content',
    loading: 'Loading…',
    footer: 'MediaFlow v{version}',
  },
  header: {
    logoAlt: '{name} logo',
    homeLink: 'Go to the {name} home page',
  },
  language: {
    label: 'Language',
    'es-CL': 'Español',
    en: 'English',
  },
  nav: {
    label: 'Sections',
    home: 'Home',
  },
  home: {
    eyebrow: 'Spoken announcements for your shopping mall',
    greeting: 'Hello, {name}!',
    intro:
      'MediaFlow turns your text into spoken announcements for corridors, food courts and car parks. Write the message, pick the voice and choose when it plays: we take care of the rest.',
    stepsTitle: 'How it works',
    steps: {
      write: {
        title: 'Write',
        body: 'Draft notices about offers, closing times, badly parked cars or lost children.',
      },
      voice: {
        title: 'Listen',
        body: 'Your text becomes a clear voice, with background music and even volume.',
      },
      schedule: {
        title: 'Schedule',
        body: 'Choose the day, the time and the areas of the mall where each announcement plays.',
      },
    },
    comingSoonTitle: 'Coming soon',
    comingSoon: 'Studio, Library, Scheduling and Players will soon arrive in this panel.',
  },
  status: {
    title: 'System status',
    refresh: 'Refresh',
    retry: 'Try again',
    loading: 'Checking the services…',
    allOk: 'All services are working.',
    someFailing: 'Some services have problems.',
    requestFailed: 'We could not get the system status.',
    checkedAt: 'Last checked: {time}',
    noChecks: 'The server reported no services.',
    state: {
      ok: 'Working',
      failing: 'Failing',
    },
    checks: {
      database: 'Database',
      redis: 'Cache and queues',
      cache: 'Cache',
      queue: 'Job queue',
      storage: 'Audio storage',
      tts: 'Speech synthesis',
      ffmpeg: 'Audio processing',
      migrations: 'Migrations',
    },
  },
  notFound: {
    code: 'Error 404',
    title: 'Page not found',
    body: 'The address {path} does not exist on this site.',
    home: 'Back to home',
  },
  tenantError: {
    title: 'We could not load this site',
    retry: 'Try again',
  },
}

export default en
