"""Messages of d2lite.core: (English, Chinese) pairs under their keys."""

TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ validation.py
    "core.int_type": (
        "{name} must be an int, got {value} of type {type}; pass a whole number such as {example}",
        "{name} 必须是整数，得到的是 {type} 类型的 {value}；请传入一个整数，例如 {example}",
    ),
    "core.positive_int": (
        "{name} must be >= 1, got {value}; pass a positive whole number",
        "{name} 必须 >= 1，得到的是 {value}；请传入一个正整数",
    ),
    "core.nonnegative_int": (
        "{name} must be >= 0, got {value}; device indices start at 0",
        "{name} 必须 >= 0，得到的是 {value}；设备编号从 0 开始",
    ),
    # ------------------------------------------------------------------ files.py
    "core.image_path_folder": (
        "{given} is a folder; give a file name such as {example}",
        "{given} 是一个文件夹；请给出文件名，例如 {example}",
    ),
    "core.image_format": (
        "{suffix} is not an image format matplotlib writes; use .png (or one of {formats})",
        "{suffix} 不是 matplotlib 能写的图像格式；请用 `.png`（或以下之一：{formats}）",
    ),
    "core.image_symlink": (
        "{path} is a symbolic link (to {target}); d2lite does not write through links: pick "
        "another name, or remove the link first",
        "{path} 是一个符号链接（指向 {target}）；`d2lite` 不会通过链接写入：请换一个名字，"
        "或者先删除该链接",
    ),
    "core.image_exists": (
        "{path} exists and is not a {format} image written by matplotlib; d2lite will not "
        "overwrite it: pick another name, or delete it first",
        "{path} 已存在，且不是 matplotlib 写的 {format} 图像；`d2lite` 不会覆盖它：请换一个名字，"
        "或者先删除它",
    ),
    "core.file_not_folder": (
        "{path} is a file, not a folder",
        "{path} 是一个文件，而不是文件夹",
    ),
    "core.permission_denied": ("permission denied", "没有权限"),
    "core.image_folder_unwritable": (
        "cannot write into the folder {folder} ({error}); pick another place",
        "无法写入文件夹 {folder}（{error}）；请换一个位置",
    ),
    "core.in_the_way_link": ("a symbolic link (to {target})", "一个符号链接（指向 {target}）"),
    "core.in_the_way_folder": ("a folder", "一个文件夹"),
    "core.in_the_way_other": ("not a regular file", "不是普通文件"),
    "core.the_files": ("the files", "这些文件"),
    "core.folder_unwritable": (
        "cannot write into the folder {folder} ({error}); nothing was written. Choose another "
        "folder, or make this one writable",
        "无法写入文件夹 {folder}（{error}）；没有写入任何文件。请另选一个文件夹，或者让这个"
        "文件夹可写",
    ),
    "core.kind_link": (
        "a symbolic link to {target}, which is not a folder",
        "一个指向 {target} 的符号链接，而它不是文件夹",
    ),
    "core.kind_file": ("a file", "一个文件"),
    "core.folder_blocked": (
        "{existing} is {kind}, in the way of the folder {folder} for {what}; nothing was "
        "written. Choose another folder, or move {name} away",
        "{existing} 是{kind}，挡住了用来存放{what}的文件夹 {folder}；没有写入任何文件。"
        "请另选一个文件夹，或者把 {name} 移走",
    ),
    "core.cannot_make_folder": (
        "cannot make the folder {folder}: {existing} is not writable; nothing was written. "
        "Choose another folder",
        "无法创建文件夹 {folder}：{existing} 不可写；没有写入任何文件。请另选一个文件夹",
    ),
    # ------------------------------------------------------------------ fonts.py
    "core.no_cjk_font": (
        "{where}: no font with Chinese characters is installed, so Chinese text shows as "
        "boxes. Install one, then restart Python (or the notebook's kernel): on Windows, "
        "Microsoft YaHei and SimHei come with the Chinese language pack (Settings > Time & "
        "language > Language > add 中文(简体)); on macOS, PingFang SC is already installed; "
        "on Debian or Ubuntu, `sudo apt install fonts-noto-cjk` (or the smaller "
        "fonts-wqy-microhei); on Fedora, `sudo dnf install google-noto-sans-cjk-fonts`",
        "{where}：没有安装含中文字符的字体，所以中文显示为方框。请安装一个，然后重启 Python"
        "（或笔记本的内核）：在 Windows 上，Microsoft YaHei 和 SimHei 随中文语言包一起安装"
        "（设置 > 时间和语言 > 语言和区域 > 添加语言 > 中文(简体)）；在 macOS 上，PingFang SC "
        "已经装好；在 Debian 或 Ubuntu 上，运行 `sudo apt install fonts-noto-cjk`（或更小的 "
        "`fonts-wqy-microhei`）；在 Fedora 上，运行 `sudo dnf install google-noto-sans-cjk-fonts`",
    ),
    # ------------------------------------------------------------------ compat.py
    "core.numpy_for_old_torch": (
        "PyTorch {torch} was built for NumPy 1 and cannot work with NumPy {numpy}: every "
        "`Tensor.numpy()` (plots, accuracy) would fail. Install NumPy 1 beside it, "
        '`pip install "numpy<2"`, or a newer PyTorch (2.3 or later), then restart Python',
        "PyTorch {torch} 是为 NumPy 1 构建的，不能与 NumPy {numpy} 一起使用：每次调用 "
        "`Tensor.numpy()`（画图、计算精度）都会出错。请在它旁边安装 NumPy 1："
        '`pip install "numpy<2"`，或安装更新的 PyTorch（2.3 或更高版本），然后重启 Python',
    ),
}
