"""Type aliases shared by the apps."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Whoever performs an action: a signed-in user as Django hands it to a view (request.user).
Actor = AbstractBaseUser | AnonymousUser
