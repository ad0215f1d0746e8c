"""A URLconf whose one view fails, to prove the 500 page hides the error."""

from django.urls import include, path

from thriving.core.policy import public


@public
def broken(request):
    return 1 / 0


urlpatterns = [path("broken/", broken), path("", include("thriving.core.urls"))]
handler500 = "thriving.core.views.errors.server_error"
