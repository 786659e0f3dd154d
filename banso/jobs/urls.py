from django.urls import path

from banso.jobs import views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", views.progress_detail, name="progress-detail"),
]
