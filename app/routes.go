package app

import (
	"net"
	"net/http"
	"net/netip"

	"github.com/labstack/echo/v4"
)

// Access says who may call a route. Each route declares it beside its
// handler, so this file shows who may do what.
type Access struct {
	kind     accessKind
	obj, act string
}

type accessKind int

const (
	accessUndeclared accessKind = iota
	accessPublic
	accessSignedIn
	accessPermission
	accessDevice
)

// Access levels.
var (
	// Public routes answer anyone: health, branding, the web app shell and
	// signing in, which every visitor needs before signing in.
	Public = Access{kind: accessPublic}
	// SignedIn routes need any authenticated member.
	SignedIn = Access{kind: accessSignedIn}
)

// Device routes answer a paired player holding its device credential, and
// nobody else: no user session opens them.
var Device = Access{kind: accessDevice}

// Need returns the access of a route that needs the permission obj:act.
func Need(obj, act string) Access { return Access{kind: accessPermission, obj: obj, act: act} }

// String names the access for tests and logs.
func (a Access) String() string {
	switch a.kind {
	case accessPublic:
		return "public"
	case accessSignedIn:
		return "signed in"
	case accessPermission:
		return a.obj + ":" + a.act
	case accessDevice:
		return "device"
	}
	return "undeclared"
}

// Scope says on which hosts a route exists.
type Scope int

// Scopes.
const (
	// AnyHost routes answer on tenant hosts and on the platform host.
	AnyHost Scope = iota
	// TenantHost routes answer only on a tenant's host.
	TenantHost
	// PlatformHost routes answer only on the platform console's host.
	PlatformHost
)

// Route is one entry of the route table.
type Route struct {
	Method  string
	Path    string
	Scope   Scope
	Access  Access
	Handler echo.HandlerFunc
}

// hostlessRoutes answer on every host without resolving a tenant.
func (s *Server) hostlessRoutes() []Route {
	return []Route{
		{http.MethodGet, "/healthz", AnyHost, Public, s.healthz},
		{http.MethodGet, "/readyz", AnyHost, Public, s.readyz},
		// Guarded by METRICS_TOKEN, or open to loopback only when unset.
		{http.MethodGet, "/metrics", AnyHost, Public, s.metricsHandler()},
	}
}

// realmRoutes answer with the tenant (or the platform console) resolved.
func (s *Server) realmRoutes() []Route {
	return []Route{
		{http.MethodGet, "/api/v1/config/tenant", AnyHost, Public, s.getTenantConfig},
		{http.MethodGet, "/api/v1/openapi.yaml", AnyHost, Public, s.getOpenAPI},
		{http.MethodGet, "/branding/logo", AnyHost, Public, s.getLogo},
		{http.MethodGet, "/branding/favicon", AnyHost, Public, s.getFavicon},

		{http.MethodPost, "/api/v1/auth/login", AnyHost, Public, s.login},
		{http.MethodPost, "/api/v1/auth/refresh", AnyHost, Public, s.refresh},
		{http.MethodPost, "/api/v1/auth/logout", AnyHost, Public, s.logout},
		{http.MethodGet, "/api/v1/auth/me", AnyHost, SignedIn, s.me},

		{http.MethodGet, "/api/v1/tenant/branding", TenantHost, Need("branding", "read"), s.getBranding},
		{http.MethodPatch, "/api/v1/tenant/branding", TenantHost, Need("branding", "write"), s.patchBranding},
		{http.MethodPut, "/api/v1/tenant/branding/logo", TenantHost, Need("branding", "write"), s.putImage(logo)},
		{http.MethodDelete, "/api/v1/tenant/branding/logo", TenantHost, Need("branding", "write"), s.deleteImage(logo)},
		{http.MethodPut, "/api/v1/tenant/branding/favicon", TenantHost, Need("branding", "write"), s.putImage(favicon)},
		{http.MethodDelete, "/api/v1/tenant/branding/favicon", TenantHost, Need("branding", "write"), s.deleteImage(favicon)},
		{http.MethodPost, "/api/v1/tenant/sign-out-everyone", TenantHost, Need("sessions", "revoke"), s.signOutEveryone},

		{http.MethodGet, "/api/v1/users", TenantHost, Need("users", "read"), s.listMembers},
		{http.MethodPost, "/api/v1/users", TenantHost, Need("users", "write"), s.addMember},
		{http.MethodPatch, "/api/v1/users/:id", TenantHost, Need("users", "write"), s.updateMember},
		{http.MethodPost, "/api/v1/users/:id/sign-out", TenantHost, Need("sessions", "revoke"), s.signOutMember},

		{http.MethodGet, "/api/v1/api-keys", TenantHost, Need("api_keys", "read"), s.listAPIKeys},
		{http.MethodPost, "/api/v1/api-keys", TenantHost, Need("api_keys", "write"), s.createAPIKey},
		{http.MethodDelete, "/api/v1/api-keys/:id", TenantHost, Need("api_keys", "write"), s.revokeAPIKey},

		{http.MethodGet, "/api/v1/audit", TenantHost, Need("audit", "read"), s.listAudit},

		{http.MethodGet, "/api/v1/voices", TenantHost, Need("messages", "read"), s.listVoices},
		{http.MethodPost, "/api/v1/voices", TenantHost, Need("voices", "write"), s.saveVoice},
		{http.MethodPatch, "/api/v1/voices/:id", TenantHost, Need("voices", "write"), s.saveVoice},
		{http.MethodDelete, "/api/v1/voices/:id", TenantHost, Need("voices", "write"), deleteByID("voice_not_found", s.deps.Studio.DeleteVoice)},
		{http.MethodPost, "/api/v1/voices/:id/test", TenantHost, Need("messages", "write"), s.testVoice},

		{http.MethodGet, "/api/v1/sounds", TenantHost, Need("messages", "read"), s.listSounds},
		{http.MethodPost, "/api/v1/sounds", TenantHost, Need("settings", "write"), s.uploadSound},
		{http.MethodPatch, "/api/v1/sounds/:id", TenantHost, Need("settings", "write"), s.updateSound},
		{http.MethodDelete, "/api/v1/sounds/:id", TenantHost, Need("settings", "write"), deleteByID("sound_not_found", s.deps.Studio.DeleteSound)},
		{http.MethodGet, "/api/v1/sounds/:id/audio", TenantHost, Need("messages", "read"), s.soundAudio},

		{http.MethodGet, "/api/v1/categories", TenantHost, Need("library", "read"), s.listCategories},
		{http.MethodPost, "/api/v1/categories", TenantHost, Need("library", "write"), s.saveCategory},
		{http.MethodPatch, "/api/v1/categories/:id", TenantHost, Need("library", "write"), s.saveCategory},
		{http.MethodDelete, "/api/v1/categories/:id", TenantHost, Need("library", "write"), deleteByID("category_not_found", s.deps.Studio.DeleteCategory)},

		{http.MethodPost, "/api/v1/speech/preview", TenantHost, Need("messages", "read"), s.previewSpeech},
		{http.MethodPost, "/api/v1/messages", TenantHost, Need("messages", "write"), s.createMessage},
		{http.MethodGet, "/api/v1/messages", TenantHost, Need("library", "read"), s.listMessages},
		{http.MethodGet, "/api/v1/messages/events", TenantHost, Need("messages", "read"), s.messageEvents},
		{http.MethodPost, "/api/v1/messages/upload", TenantHost, Need("library", "write"), s.uploadMessage},
		{http.MethodPost, "/api/v1/messages/batch", TenantHost, Need("library", "write"), s.batchMessages},
		{http.MethodGet, "/api/v1/messages/:id", TenantHost, Need("messages", "read"), s.getMessage},
		{http.MethodPost, "/api/v1/messages/:id/save", TenantHost, Need("library", "write"), s.saveMessage},
		{http.MethodGet, "/api/v1/messages/:id/audio", TenantHost, Need("messages", "read"), s.messageAudio(false)},
		{http.MethodGet, "/api/v1/messages/:id/download", TenantHost, Need("messages", "read"), s.messageAudio(true)},

		{http.MethodGet, "/api/v1/settings/audio", TenantHost, Need("messages", "read"), s.getAudioSettings},
		{http.MethodPut, "/api/v1/settings/audio", TenantHost, Need("settings", "write"), s.putAudioSettings},
		{http.MethodGet, "/api/v1/settings/elevenlabs", TenantHost, Need("settings", "write"), s.getElevenLabsKey},
		{http.MethodPut, "/api/v1/settings/elevenlabs", TenantHost, Need("settings", "write"), s.putElevenLabsKey},
		{http.MethodDelete, "/api/v1/settings/elevenlabs", TenantHost, Need("settings", "write"), s.deleteElevenLabsKey},

		{http.MethodGet, "/api/v1/players", TenantHost, Need("players", "read"), s.listPlayers},
		{http.MethodPost, "/api/v1/players", TenantHost, Need("players", "write"), s.createPlayer},
		{http.MethodPost, "/api/v1/players/stop", TenantHost, Need("announcements", "play"), s.stopPlayers},
		{http.MethodPatch, "/api/v1/players/:id", TenantHost, Need("players", "write"), s.updatePlayer},
		{http.MethodDelete, "/api/v1/players/:id", TenantHost, Need("players", "write"), deleteByID("player_not_found", s.deps.OnAir.Players.DeletePlayer)},
		{http.MethodPost, "/api/v1/players/:id/pairing-code", TenantHost, Need("players", "write"), s.pairingCode},
		{http.MethodPost, "/api/v1/players/:id/revoke", TenantHost, Need("players", "write"), s.revokePlayer},
		{http.MethodPost, "/api/v1/players/:id/volume", TenantHost, Need("players", "write"), s.setPlayerVolume},
		{http.MethodGet, "/api/v1/zones", TenantHost, Need("players", "read"), s.listZones},
		{http.MethodPost, "/api/v1/messages/:id/play", TenantHost, Need("announcements", "play"), s.playMessage},
		{http.MethodGet, "/api/v1/deliveries/:id", TenantHost, Need("players", "read"), s.getDelivery},
		{http.MethodGet, "/api/v1/plays", TenantHost, Need("players", "read"), s.listPlays},
		{http.MethodGet, "/api/v1/plays/export", TenantHost, Need("players", "read"), s.exportPlays},

		{http.MethodGet, "/api/v1/schedules", TenantHost, Need("schedules", "read"), s.listSchedules},
		{http.MethodPost, "/api/v1/schedules", TenantHost, Need("schedules", "write"), s.createSchedule},
		{http.MethodGet, "/api/v1/schedules/:id", TenantHost, Need("schedules", "read"), s.getSchedule},
		{http.MethodPatch, "/api/v1/schedules/:id", TenantHost, Need("schedules", "write"), s.updateSchedule},
		{http.MethodDelete, "/api/v1/schedules/:id", TenantHost, Need("schedules", "write"), deleteByID("schedule_not_found", s.deps.OnAir.Schedules.Delete)},
		{http.MethodPost, "/api/v1/schedules/:id/pause", TenantHost, Need("schedules", "write"), s.pauseSchedule(true)},
		{http.MethodPost, "/api/v1/schedules/:id/resume", TenantHost, Need("schedules", "write"), s.pauseSchedule(false)},
		{http.MethodGet, "/api/v1/calendar", TenantHost, Need("schedules", "read"), s.calendar},

		{http.MethodGet, "/api/v1/settings/azuracast", TenantHost, Need("settings", "write"), s.getStation},
		{http.MethodPut, "/api/v1/settings/azuracast", TenantHost, Need("settings", "write"), s.putStation},
		{http.MethodDelete, "/api/v1/settings/azuracast", TenantHost, Need("settings", "write"), s.deleteStation},
		{http.MethodGet, "/api/v1/azuracast/now-playing", TenantHost, Need("players", "read"), s.stationNowPlaying},
		{http.MethodPost, "/api/v1/azuracast/skip", TenantHost, Need("announcements", "play"), s.skipStation},

		// The pairing code is the credential; failures are counted per address.
		{http.MethodPost, "/api/v1/device/pair", TenantHost, Public, s.pairDevice},
		{http.MethodGet, "/api/v1/device/config", TenantHost, Device, s.deviceConfig},
		{http.MethodGet, "/api/v1/device/messages/:id/audio", TenantHost, Device, s.deviceMessageAudio},
		{http.MethodGet, "/api/v1/device/sounds/:id/audio", TenantHost, Device, s.deviceSoundAudio},
		// The player authenticates with its first message on the socket.
		{http.MethodGet, "/ws/player", TenantHost, Public, s.playerSocket},

		{http.MethodGet, "/api/v1/platform/tenants", PlatformHost, Need("platform", "read"), s.consoleTenants},
		{http.MethodPost, "/api/v1/platform/tenants", PlatformHost, Need("platform", "write"), s.consoleCreateTenant},
		{http.MethodGet, "/api/v1/platform/tenants/:slug", PlatformHost, Need("platform", "read"), s.consoleTenant},
		{http.MethodPatch, "/api/v1/platform/tenants/:slug", PlatformHost, Need("platform", "write"), s.consoleUpdateTenant},
		{http.MethodPost, "/api/v1/platform/tenants/:slug/suspend", PlatformHost, Need("platform", "write"), s.consoleSetStatus(suspended)},
		{http.MethodPost, "/api/v1/platform/tenants/:slug/resume", PlatformHost, Need("platform", "write"), s.consoleSetStatus(active)},
		{http.MethodPost, "/api/v1/platform/tenants/:slug/hosts", PlatformHost, Need("platform", "write"), s.consoleAddHost},
		{http.MethodDelete, "/api/v1/platform/tenants/:slug/hosts/:host", PlatformHost, Need("platform", "write"), s.consoleRemoveHost},
		{http.MethodPost, "/api/v1/platform/tenants/:slug/hosts/:host/primary", PlatformHost, Need("platform", "write"), s.consolePrimaryHost},
		{http.MethodGet, "/api/v1/platform/tenants/:slug/users", PlatformHost, Need("platform", "read"), s.consoleTenantUsers},
		{http.MethodGet, "/api/v1/platform/audit", PlatformHost, Need("platform", "read"), s.consoleAudit},

		{http.MethodGet, "/", AnyHost, Public, s.web.serve},
		{http.MethodGet, "/*", AnyHost, Public, s.web.serve},
	}
}

// Routes lists every route the server registers, for tests that check each
// one declares its access.
func (s *Server) Routes() []Route {
	return append(s.hostlessRoutes(), s.realmRoutes()...)
}

// permissionCandidates are the permissions /auth/me reports on.
var permissionCandidates = [][2]string{
	{"branding", "read"}, {"branding", "write"}, {"users", "read"}, {"users", "write"}, {"sessions", "revoke"},
	{"api_keys", "read"}, {"api_keys", "write"}, {"audit", "read"},
	{"messages", "read"}, {"messages", "write"}, {"library", "read"}, {"library", "write"}, {"campaigns", "write"},
	{"schedules", "read"}, {"schedules", "write"}, {"players", "read"}, {"players", "write"},
	{"announcements", "play"}, {"shortcuts", "use"}, {"voices", "write"}, {"settings", "write"},
	{"platform", "read"}, {"platform", "write"},
}

func prefixToIPNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
}
