"""The site answers in Vietnamese and asks for a login."""


def test_home_redirects_anonymous_users_to_a_vietnamese_login_page(client, db):
    response = client.get("/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain and "/accounts/login/" in response.redirect_chain[-1][0]
    assert 'lang="vi"' in page and "Đăng nhập" in page and "Mật khẩu" in page


def test_demo_user_logs_in_and_sees_the_site(client, chart):
    from django.conf import settings

    login = client.post("/accounts/login/", {"username": "cv.cchc", "password": settings.DEMO_PASSWORD})
    assert login.status_code == 302  # through the login page: axes needs the request (tests/test_login_protection.py)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert "Văn bản" in response.content.decode()
