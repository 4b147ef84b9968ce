from rest_framework.routers import SimpleRouter

from costcenters import api

app_name = "costcenters_api"

router = SimpleRouter()
# Fetches first: the cost center detail pattern must not swallow "fetches/".
router.register("fetches", api.FetchViewSet, basename="fetch")
router.register("", api.CostCenterViewSet, basename="cost-center")

urlpatterns = router.urls
