from django.apps import AppConfig


class LoginThrottleConfig(AppConfig):
    name = "calculator.login_throttle"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import receivers

        user_login_failed.connect(receivers.count_failure, dispatch_uid="calculator.login_throttle.count_failure")
        user_logged_in.connect(receivers.forget_failures, dispatch_uid="calculator.login_throttle.forget_failures")
