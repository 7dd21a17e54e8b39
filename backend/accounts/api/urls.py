from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/login", views.LoginView.as_view(), name="login"),
    path("auth/login/totp", views.LoginTotpView.as_view(), name="login-totp"),
    path("auth/password-reset", views.PasswordResetView.as_view(), name="password-reset"),
    path("auth/password-reset/confirm", views.PasswordResetConfirmView.as_view(),
         name="password-reset-confirm"),
    path("auth/password", views.PasswordChangeView.as_view(), name="password-change"),
    path("me/totp", views.TotpView.as_view(), name="totp"),
    path("me/totp/confirm", views.TotpConfirmView.as_view(), name="totp-confirm"),
    path("me/devices", views.DevicesView.as_view(), name="devices"),
    path("me/devices/sign-out-others", views.DevicesSignOutOthersView.as_view(),
         name="devices-sign-out-others"),
    path("me/devices/<int:device_id>", views.DeviceView.as_view(), name="device"),
    path("auth/logout", views.LogoutView.as_view(), name="logout"),
    path("auth/logout-all", views.LogoutAllView.as_view(), name="logout-all"),
    path("me", views.MeView.as_view(), name="me"),
    path("patients/<int:patient_id>", views.PatientDetailView.as_view(), name="patient"),
    path("patients/<int:patient_id>/invite", views.PatientInviteView.as_view(),
         name="patient-invite"),
    path("patients/<int:patient_id>/care-team", views.CareTeamView.as_view(),
         name="patient-care-team"),
    path("patients/<int:patient_id>/care-team/<int:member_id>",
         views.CareTeamMemberView.as_view(), name="patient-care-team-member"),
    path("staff", views.StaffListView.as_view(), name="staff"),
    path("staff/<int:member_id>", views.StaffDetailView.as_view(), name="staff-member"),
    path("clinic", views.ClinicView.as_view(), name="clinic"),
    path("invites/<str:token>", views.InviteView.as_view(), name="invite"),
    path("invites/<str:token>/accept", views.InviteAcceptView.as_view(), name="invite-accept"),
]
