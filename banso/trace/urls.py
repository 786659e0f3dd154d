from django.urls import path

from banso.trace import views

app_name = "trace"
urlpatterns = [
    path("products/", views.product_list, name="product-list"),
    path("area/products/", views.area_products, name="area-products"),
    path("orgs/<slug:slug>/products/new/", views.product_create, name="product-create"),
    path("products/<int:pk>/", views.product_detail, name="product-detail"),
    path("products/<int:pk>/edit/", views.product_update, name="product-update"),
    path("products/<int:pk>/photos/new/", views.product_photo_add, name="product-photo-add"),
    path("products/<int:pk>/lots/new/", views.lot_create, name="lot-create"),
    path("lots/import/", views.lot_import, name="lot-import"),
    path("lots/import/template.xlsx", views.lot_import_template, name="lot-import-template"),
    path("lots/<int:pk>/", views.lot_detail, name="lot-detail"),
    path("lots/<int:pk>/edit/", views.lot_update, name="lot-update"),
    path("lots/<int:pk>/steps/<slug:kind>/", views.lot_step, name="lot-step"),
]
