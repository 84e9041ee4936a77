from django.urls import path

from passport.support import views

app_name = "support"
urlpatterns = [
    path("", views.home, name="home"),
    path("alerts/<uuid:alert_id>/reply", views.alert_reply, name="alert_reply"),
    path("reply/<str:token>", views.reply, name="reply"),
    path("mine/<uuid:task_id>", views.mine, name="mine"),
    path("mine/<uuid:task_id>/done", views.mine_done, name="mine_done"),
    path("mine/<uuid:task_id>/cannot-do", views.mine_cannot_do, name="mine_cannot_do"),
    path("mine/<uuid:task_id>/feedback", views.mine_feedback, name="mine_feedback"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/new", views.task_new, name="task_new"),
    path("tasks/<uuid:task_id>", views.task, name="task"),
    path("tasks/<uuid:task_id>/cancel", views.task_cancel, name="task_cancel"),
    path("tasks/<uuid:task_id>/feedback", views.task_feedback, name="task_feedback"),
]
