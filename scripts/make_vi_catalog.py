"""Regenerate locale/vi/LC_MESSAGES/django.po: viewflow's strings in Vietnamese (a maintainer's tool).

Extracts viewflow's msgids with Django's makemessages into a scratch copy,
fills them from VI below and writes the catalog. Run when viewflow is upgraded:
    .venv/bin/python scripts/make_vi_catalog.py
Requires GNU gettext (xgettext) and polib, only for this maintenance step.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

VI = {
    "Administration": "Quản trị",
    "Avatar file is too large (%(size)s). Max size is %(max_size)s.": "Ảnh đại diện quá lớn (%(size)s). Tối đa %(max_size)s.",
    "Fantastic!": "Tuyệt vời!",
    "That looks awesome!": "Trông thật tuyệt!",
    "You are looking very well today!": "Hôm nay trông bạn rất tốt!",
    "I totally admire your spontaneity.": "Tôi rất quý sự nhiệt tình của bạn.",
    "I like your new haircut.": "Kiểu tóc mới của bạn đẹp lắm.",
    "What a beautiful costume!": "Trang phục đẹp quá!",
    "You look very good in that suit": "Bạn mặc bộ này rất hợp",
    "I love your style.": "Tôi thích phong cách của bạn.",
    "I love your hair today": "Hôm nay tóc bạn đẹp quá",
    "That color looks great on you!": "Màu này rất hợp với bạn!",
    "YYYY": "YYYY", "MM": "MM", "DD": "DD", "HH": "HH", "SS": "SS", "AM/PM": "SA/CH",
    "Transition is not allowed": "Không được phép chuyển trạng thái",
    "%(label)s %(name)s": "%(label)s %(name)s",
    "State chart": "Sơ đồ trạng thái",
    "Bad Request": "Yêu cầu không hợp lệ",
    "View site": "Xem trang",
    "Access Forbidden": "Không có quyền truy cập",
    "You are not logged in": "Bạn chưa đăng nhập",
    "%(user)s have no rights to access this page": "%(user)s không có quyền truy cập trang này",
    "Log in": "Đăng nhập",
    "Log in as another user": "Đăng nhập bằng tài khoản khác",
    "Page not found": "Không tìm thấy trang",
    "We're sorry, but the requested page could not be found.": "Rất tiếc, không tìm thấy trang bạn yêu cầu.",
    "Server error": "Lỗi máy chủ",
    "There's been an error. It's been reported to the site administrators via email and should be fixed shortly. Thanks for your patience.":
        "Đã xảy ra lỗi. Lỗi đã được báo cho quản trị hệ thống và sẽ sớm được khắc phục. Xin cảm ơn sự kiên nhẫn của bạn.",
    "Recover deleted %(name)s": "Khôi phục %(name)s đã xóa",
    "Graph": "Sơ đồ",
    "Filter": "Lọc",
    "Home": "Trang chủ",
    "Please correct the error below.": "Vui lòng sửa lỗi dưới đây.",
    "Please correct the errors below.": "Vui lòng sửa các lỗi dưới đây.",
    "Yes, I’m sure": "Có, tôi chắc chắn",
    "No, take me back": "Không, quay lại",
    "first step": "bước đầu",
    "prev step": "bước trước",
    "Logout": "Đăng xuất",
    "Log out": "Đăng xuất",
    "Thanks for spending some quality time with the Web site today.": "Cảm ơn bạn đã sử dụng hệ thống hôm nay.",
    "Log in again": "Đăng nhập lại",
    "Viewflow Demo suite": "Kehoach — quản lý kế hoạch, tờ trình, báo cáo",
    "Reset password": "Đặt lại mật khẩu",
    "Profile": "Hồ sơ cá nhân",
    "Your password was changed.": "Mật khẩu của bạn đã được thay đổi.",
    "Change": "Thay đổi",
    "Your password has been set.  You may go ahead and log in now.": "Mật khẩu đã được đặt. Bạn có thể đăng nhập ngay.",
    "Please enter your new password twice so we can verify you typed it in correctly.":
        "Vui lòng nhập mật khẩu mới hai lần để kiểm tra bạn đã gõ đúng.",
    "Change my password": "Đổi mật khẩu",
    "The password reset link was invalid, possibly because it has already been used.  Please request a new password reset.":
        "Liên kết đặt lại mật khẩu không hợp lệ, có thể đã được dùng. Vui lòng yêu cầu đặt lại mật khẩu lần nữa.",
    "We’ve emailed you instructions for setting your password, if an account exists with the email you entered. You should receive them shortly.":
        "Nếu có tài khoản với địa chỉ thư điện tử bạn nhập, chúng tôi đã gửi hướng dẫn đặt mật khẩu. Bạn sẽ sớm nhận được thư.",
    "If you don’t receive an email, please make sure you’ve entered the address you registered with, and check your spam folder.":
        "Nếu không nhận được thư, hãy kiểm tra địa chỉ bạn đã đăng ký và thư mục thư rác.",
    "Forgotten your password? Enter your email address below, and we’ll email instructions for setting a new one.":
        "Quên mật khẩu? Nhập địa chỉ thư điện tử dưới đây, chúng tôi sẽ gửi hướng dẫn đặt mật khẩu mới.",
    "Cancel": "Hủy",
    "Reset": "Đặt lại",
    "Change password": "Đổi mật khẩu",
    "Edit": "Sửa",
    "Submit": "Gửi",
    "Login": "Đăng nhập",
    "Export": "Xuất",
    "Back": "Quay lại",
    "Import": "Nhập",
    "Flow Chart": "Sơ đồ quy trình",
    "Export PNG": "Xuất PNG",
    "PNG": "PNG",
    "Flow": "Quy trình",
    "Pick an action": "Chọn thao tác",
    "Applications": "Ứng dụng",
    "Delete": "Xóa",
    '"%(escaped_object)s" and all of the following related items will be deleted':
        "“%(escaped_object)s” và mọi mục liên quan dưới đây sẽ bị xóa",
    "New": "Mới",
    "Add": "Thêm",
    "Save": "Lưu",
    "Confirm": "Xác nhận",
    "Assign": "Nhận việc",
    "Assign and continue": "Nhận việc và xử lý",
    "Dashboard": "Tổng quan",
    "Inbox": "Chờ xử lý",
    "Queue": "Chưa nhận",
    "Archive": "Đã xử lý",
    "Export BPMN": "Xuất BPMN",
    "BPMN": "BPMN",
    "No rights to execute": "Không có quyền xử lý",
    "Created": "Ngày tạo",
    "Assigned": "Đã nhận",
    "Execute": "Xử lý",
    "View": "Xem",
    "Show all": "Xem tất cả",
    "Finished": "Hoàn thành lúc",
    "Process list": "Danh sách quy trình",
    "Parent Task": "Công việc cha",
    "Seed": "Nguồn",
    "Artifact": "Kết quả",
    "#": "#",
    "Description": "Mô tả",
    "Owner": "Người xử lý",
    "Started": "Đang xử lý",
    "Status": "Trạng thái",
    "Start": "Bắt đầu",
    "Start and continue": "Bắt đầu và tiếp tục",
    "Execute and continue": "Xử lý và tiếp tục",
    "Previous tasks": "Bước trước",
    "No previous tasks": "Không có bước trước",
    "Next tasks": "Bước sau",
    "No next tasks": "Không có bước sau",
    "Subprocess": "Quy trình con",
    "Revive": "Khôi phục",
    "Unassign": "Trả lại việc",
    "Undo": "Hoàn tác",
    "Assign selected tasks": "Nhận các việc đã chọn",
    "Task": "Công việc",
    "Brief": "Tóm tắt",
    "Process brief": "Quy trình",
    "confirm": "xác nhận",
    "Unassign selected tasks": "Trả lại các việc đã chọn",
    "New process": "Quy trình mới",
    "Add new": "Thêm mới",
    "The {obj} was added successfully. {link}": "Đã thêm {obj}. {link}",
    "The {obj} was deleted successfully.": "Đã xóa {obj}.",
    "The {obj} was changed successfully. {link}": "Đã lưu thay đổi {obj}. {link}",
    "flow": "quy trình",
    "Workflow": "Quy trình",
    "Task {task} has been assigned.": "Đã nhận công việc {task}.",
    "Task {task} has been unassigned.": "Đã trả lại công việc {task}.",
    "Task {task} has been canceled.": "Đã hủy công việc {task}.",
    "Task {task} has been undone.": "Đã hoàn tác công việc {task}.",
    "Task {task} has been revived.": "Đã khôi phục công việc {task}.",
    "Process #%(pk)s can not be canceled.": "Không thể hủy quy trình #%(pk)s.",
    "Process #%(pk)s has been canceled.": "Đã hủy quy trình #%(pk)s.",
    "Process {process} has been started.": "Đã bắt đầu quy trình {process}.",
    "You have no rights to view this task": "Bạn không có quyền xem công việc này",
    "Task {task} has been completed.": "Đã hoàn thành công việc {task}.",
    "Processes": "Quy trình",
    "Type": "Loại",
    "Scheduled": "Đã hẹn giờ",
    "Previous": "Bước trước",
    "Token": "Mã nhánh",
    "External Task ID": "Mã công việc ngoài",
    "Permission": "Quyền",
    "Process": "Quy trình",
    "Tasks": "Công việc",
    "Canceled": "Đã hủy",
    "Done": "Hoàn thành",
    "Error": "Lỗi",
    "Revived": "Đã khôi phục",
}

MULTILINE = {
    "Export the %(name)s": ("Xuất %(name)s", "Xuất %(objects_count)s %(plural_name)s"),
    "Export all %(plural_name)s": ("Xuất tất cả %(plural_name)s", None),
    "Import %(plural_name)s": ("Nhập %(plural_name)s", None),
    "Are you sure you want to delete the %(name)s and related items?":
        ("Bạn có chắc muốn xóa %(name)s và các mục liên quan?",
         "Bạn có chắc muốn xóa %(objects_count)s %(plural_name)s và các mục liên quan?"),
    "Are you sure you want to delete all %(plural_name)s and related items?":
        ("Bạn có chắc muốn xóa tất cả %(plural_name)s và các mục liên quan?", None),
    "This process can not be canceled while a task is still in progress.":
        ("Không thể hủy quy trình khi còn công việc đang xử lý.", "Không thể hủy quy trình khi còn công việc đang xử lý."),
}

HEADER = {
    "Project-Id-Version": "kehoach",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def main() -> int:
    import polib
    import viewflow

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "viewflow"
        shutil.copytree(Path(viewflow.__file__).parent, copy, ignore=shutil.ignore_patterns("locale", "static"))
        (copy / "locale").mkdir()
        subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-wrap", "-e", "html,py,txt"],
                       cwd=copy, check=True, capture_output=True)
        extracted = polib.pofile(str(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    out = polib.POFile(wrapwidth=0)
    out.metadata = HEADER
    missing = []
    for entry in extracted:
        key = " ".join(entry.msgid.split())
        if entry.msgid in VI:
            new = polib.POEntry(msgid=entry.msgid, msgstr=VI[entry.msgid], msgctxt=entry.msgctxt)
        elif key in MULTILINE:
            singular, plural = MULTILINE[key]
            if entry.msgid_plural:
                new = polib.POEntry(msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgctxt=entry.msgctxt,
                                    msgstr_plural={0: plural or singular})
            else:
                new = polib.POEntry(msgid=entry.msgid, msgstr=singular, msgctxt=entry.msgctxt)
        else:
            missing.append(entry.msgid)
            continue
        new.occurrences = entry.occurrences
        out.append(new)
    if missing:
        print("Chưa dịch:", *missing, sep="\n  ")
        return 1
    target = root / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    out.save(str(target))
    print(f"{len(out)} mục -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
