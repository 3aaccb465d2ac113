// Spanish (Chile): the product's first language and the source of the
// message schema that every other language must match.
const esCL = {
  app: {
    skipToContent: 'Saltar al contenido',
    loading: 'Cargando…',
    footer: 'MediaFlow v{version}',
  },
  header: {
    logoAlt: 'Logo de {name}',
    homeLink: 'Ir al inicio de {name}',
  },
  language: {
    label: 'Idioma',
    'es-CL': 'Español',
    en: 'English',
  },
  nav: {
    label: 'Secciones',
    home: 'Inicio',
  },
  home: {
    eyebrow: 'Anuncios con voz para tu centro comercial',
    greeting: '¡Hola, {name}!',
    intro:
      'MediaFlow convierte tus textos en anuncios hablados para pasillos, patios de comida y estacionamientos. Escribe el mensaje, elige la voz y decide cuándo suena: nosotros nos encargamos del resto.',
    stepsTitle: 'Cómo funciona',
    steps: {
      write: {
        title: 'Escribe',
        body: 'Redacta avisos de ofertas, horarios de cierre, vehículos mal estacionados o niños extraviados.',
      },
      voice: {
        title: 'Escucha',
        body: 'Tu texto se convierte en una voz clara, con cortina musical y volumen parejo.',
      },
      schedule: {
        title: 'Programa',
        body: 'Elige qué día, a qué hora y en qué zonas del centro comercial suena cada anuncio.',
      },
    },
    comingSoonTitle: 'Próximamente',
    comingSoon: 'Estudio, Biblioteca, Programación y Reproductores llegarán pronto a este panel.',
  },
  status: {
    title: 'Estado del sistema',
    refresh: 'Actualizar',
    retry: 'Reintentar',
    loading: 'Verificando los servicios…',
    allOk: 'Todos los servicios funcionan correctamente.',
    someFailing: 'Algunos servicios presentan problemas.',
    requestFailed: 'No pudimos consultar el estado del sistema.',
    checkedAt: 'Última revisión: {time}',
    noChecks: 'El servidor no informó servicios.',
    state: {
      ok: 'Operativo',
      failing: 'Con fallas',
    },
    checks: {
      database: 'Base de datos',
      redis: 'Caché y colas',
      cache: 'Caché',
      queue: 'Cola de trabajos',
      storage: 'Almacenamiento de audio',
      tts: 'Síntesis de voz',
      ffmpeg: 'Procesamiento de audio',
      migrations: 'Migraciones',
    },
  },
  notFound: {
    code: 'Error 404',
    title: 'Página no encontrada',
    body: 'La dirección {path} no existe en este sitio.',
    home: 'Volver al inicio',
  },
  tenantError: {
    title: 'No pudimos cargar este sitio',
    retry: 'Reintentar',
  },
}

export type MessageSchema = typeof esCL

export default esCL
