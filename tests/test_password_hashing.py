"""Passwords are stored with Argon2id at OWASP's parameters; hashes made before (PBKDF2) still log in and are
re-hashed at that login. (The rest of the suite hashes with MD5 for speed: tests/conftest.py.)"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher, make_password

from config.settings.base import PASSWORD_HASHERS

PASSWORD = "mot-mat-khau-du-dai"


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = PASSWORD_HASHERS


def test_new_passwords_are_argon2id_with_owasp_parameters(production_hashers):
    from argon2 import extract_parameters
    from argon2.low_level import Type

    encoded = make_password(PASSWORD)
    assert identify_hasher(encoded).algorithm == "argon2"
    params = extract_parameters(encoded.removeprefix("argon2"))
    assert (params.type, params.time_cost, params.memory_cost, params.parallelism) == (Type.ID, 2, 19456, 1)
    assert check_password(PASSWORD, encoded) and not check_password(PASSWORD + "x", encoded)


def test_a_pbkdf2_password_logs_in_and_is_rehashed_with_argon2id(production_hashers, db, client):
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user = get_user_model().objects.create(username="cv.cu", password=old)
    response = client.post("/accounts/login/", {"username": "cv.cu", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.password != old and identify_hasher(user.password).algorithm == "argon2"
    assert not get_hasher("argon2").must_update(user.password)


def test_a_wrong_password_against_a_pbkdf2_hash_does_not_log_in(production_hashers, db, client):
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    get_user_model().objects.create(username="cv.cu", password=old)
    response = client.post("/accounts/login/", {"username": "cv.cu", "password": PASSWORD + "x"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert get_user_model().objects.get(username="cv.cu").password == old
