from django.urls import path

from thriving.core.views import audit, auth, maps, organisations, places, public, site_settings, staff, twofactor, users

app_name = "core"

urlpatterns = [
    path("", public.start, name="start"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("privacy/", public.privacy, name="privacy"),
    path("cookies/", public.cookies, name="cookies"),
    path("health/", public.health, name="health"),
    path("localities/", places.locality_list, name="locality-list"),
    path("localities/base-map.geojson", maps.base_map, name="base-map"),
    path("localities/<slug:slug>/", places.locality_detail, name="locality-detail"),
    path("postcode/", places.postcode, name="postcode"),
    # Signing in and out
    path("sign-in/", auth.SignInView.as_view(), name="sign-in"),
    path("sign-in/code/", twofactor.second_factor, name="second-factor"),
    path("sign-in/recovery-code/", twofactor.recovery_code, name="recovery-code"),
    path("sign-out/", auth.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", auth.signed_out, name="signed-out"),
    path("password-reset/", auth.password_reset, name="password-reset"),
    path("password-reset/sent/", auth.password_reset_sent, name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", auth.password_reset_confirm, name="password-reset-confirm"),
    path("password-reset/done/", auth.password_reset_complete, name="password-reset-complete"),
    path("account/", auth.account, name="account"),
    path("account/password/", auth.password_change, name="password-change"),
    path("account/two-factor/", twofactor.two_factor_setup, name="two-factor-setup"),
    path("account/recovery-codes/", twofactor.recovery_codes, name="recovery-codes"),
    # Staff
    path("home/", staff.home, name="home"),
    path("organisations/", organisations.organisation_list, name="organisation-list"),
    path("organisations/new/", organisations.organisation_create, name="organisation-create"),
    path("organisations/<slug:slug>/", organisations.organisation_detail, name="organisation-detail"),
    path("organisations/<slug:slug>/edit/", organisations.organisation_edit, name="organisation-edit"),
    path("users/", users.user_list, name="user-list"),
    path("users/new/", users.user_create, name="user-create"),
    path("users/<uuid:uuid>/", users.user_detail, name="user-detail"),
    path("users/<uuid:uuid>/edit/", users.user_edit, name="user-edit"),
    path("users/<uuid:uuid>/roles/add/", users.user_add_role, name="user-add-role"),
    path("users/<uuid:uuid>/roles/remove/", users.user_remove_role, name="user-remove-role"),
    path("users/<uuid:uuid>/second-factor/reset/", users.user_reset_second_factor, name="user-reset-second-factor"),
    path("audit/", audit.audit_search, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit-export"),
    path("settings/", site_settings.site_settings, name="site-settings"),
]
