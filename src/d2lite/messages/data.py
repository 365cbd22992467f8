"""Messages of d2lite.data: (English, Chinese) pairs under their keys."""

TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ root.py
    "data.root_type": (
        "root must be a path (str or pathlib.Path) or None, got {value} of type {type}; "
        "pass for example '../data'",
        "`root` 必须是路径（`str` 或 pathlib.Path）或 None，得到的是 {type} 类型的 {value}；"
        "例如传入 '../data'",
    ),
    "data.root_empty": (
        "root must not be empty; pass a folder such as '../data', or None",
        "`root` 不能为空；请传入一个文件夹，例如 '../data'，或传入 None",
    ),
    "data.source_argument": (
        "the root argument (root= in Python, --data-root for the d2lite command)",
        "参数 `root`（Python 中的 `root=`，`d2lite` 命令的 `--data-root`）",
    ),
    "data.source_env": (
        "the environment variable {name}",
        "环境变量 {name}",
    ),
    "data.source_checkout": (
        "the default for a source checkout: its data/ folder",
        "源代码检出的默认位置：其中的 `data/` 文件夹",
    ),
    "data.source_home": (
        "the default: ~/.d2lite/data",
        "默认位置：`~/.d2lite/data`",
    ),
    # ------------------------------------------------------------------ idx.py
    "data.redownload": (
        "repair it with `d2lite data download`, which replaces wrong files, or `d2lite data "
        "import PATH` with a good copy",
        "请用 `d2lite data download` 修复（它会替换有误的文件），或用 `d2lite data import PATH` "
        "导入一份完好的副本",
    ),
    "data.how_to_get_files": (
        "The folder {folder} should hold the four files {names} (data root {root}, from "
        "{source}). To get them: on a machine with internet access run `d2lite data download` "
        "(in Python d2lite.download_fashion_mnist()); with files downloaded by hand (a "
        "browser, a course page, a USB stick), run `d2lite data import PATH` "
        "(d2lite.import_fashion_mnist(PATH)) with their folder, .zip or .gz files; or copy the "
        "four files into that folder. To use a copy kept elsewhere, set the environment "
        "variable {env_name} (now {env}) to the folder that holds FashionMNIST/raw/ (or pass "
        "root=, or --data-root).",
        "文件夹 {folder} 中应有这四个文件：{names}（数据根目录为 {root}，来自{source}）。"
        "获取方法：在能上网的机器上运行 `d2lite data download`（在 Python 中为 "
        "`d2lite.download_fashion_mnist()`）；如果文件是手动下载的（用浏览器、从课程网页、"
        "从 U 盘），运行 `d2lite data import PATH`（`d2lite.import_fashion_mnist(PATH)`），"
        "传入它们所在的文件夹、`.zip` 或 `.gz` 文件；或者把这四个文件复制到该文件夹中。"
        "要使用存放在别处的副本，请把环境变量 {env_name}（当前值：{env}）设为包含 "
        "`FashionMNIST/raw/` 的文件夹（或传入 `root=`，或 `--data-root`）。",
    ),
    "data.env_unset": ("unset", "未设置"),
    "data.missing_file": (
        "missing: {path} does not exist",
        "缺失：{path} 不存在",
    ),
    "data.md5_mismatch": (
        "{path} has md5 {md5}, expected {expected}; {redownload}",
        "{path} 的 `md5` 为 {md5}，应为 {expected}；{redownload}",
    ),
    "data.kind_images": ("images", "图像"),
    "data.kind_labels": ("labels", "标签"),
    "data.describe_images": (
        "{count} images of {height}x{width}",
        "{count} 张 {height}x{width} 的图像",
    ),
    "data.describe_labels": (
        "{count} labels",
        "{count} 个标签",
    ),
    "data.idx_too_small": (
        "{path} is truncated: it has {size} bytes, too few for an IDX header; {redownload}",
        "{path} 不完整：它只有 {size} 字节，不够一个 `IDX` 文件头；{redownload}",
    ),
    "data.idx_bad_magic": (
        "{path} has a bad magic number {magic}, expected {expected} for an IDX file of "
        "{kind}; it is not a Fashion-MNIST {kind} file (or it is still gzip-compressed); "
        "{redownload}",
        "{path} 的魔数 {magic} 有误，{kind}的 `IDX` 文件应为 {expected}；它不是 Fashion-MNIST "
        "的{kind}文件（或者仍是 gzip 压缩的）；{redownload}",
    ),
    "data.idx_header_truncated": (
        "{path} is truncated: it has {size} bytes, fewer than its {header}-byte header; "
        "{redownload}",
        "{path} 不完整：它只有 {size} 字节，比它 {header} 字节的文件头还少；{redownload}",
    ),
    "data.idx_truncated": (
        "{path} is truncated: header says {described} ({expected} bytes) but the file has "
        "{size} bytes; {redownload}",
        "{path} 不完整：文件头写的是 {described}（{expected} 字节），但文件只有 {size} 字节；"
        "{redownload}",
    ),
    "data.idx_too_long": (
        "{path} is too long: header says {described} ({expected} bytes) but the file has "
        "{size} bytes; {redownload}",
        "{path} 过长：文件头写的是 {described}（{expected} 字节），但文件有 {size} 字节；"
        "{redownload}",
    ),
    "data.idx_empty": (
        "{path} holds no {kind}: its header says 0; {redownload}",
        "{path} 中没有{kind}：它的文件头写的是 0；{redownload}",
    ),
    "data.idx_wrong_dims": (
        "{path} has the wrong dimensions: header says {described}, but Fashion-MNIST images "
        "are {height}x{width}; {redownload}",
        "{path} 的维度有误：文件头写的是 {described}，但 Fashion-MNIST 的图像是 "
        "{height}x{width}；{redownload}",
    ),
    "data.idx_read_short": (
        "{path} is truncated: expected {expected} bytes after the header but read {got}; "
        "{redownload}",
        "{path} 不完整：文件头之后应有 {expected} 字节，但只读到 {got} 字节；{redownload}",
    ),
    "data.idx_md5": (
        "{path} is not the published Fashion-MNIST file: its md5 is {got}, expected {expected} "
        "(changed or damaged bytes, or another file under this name, e.g. the test set copied "
        "over the training set); {redownload}",
        "{path} 不是公开发布的 Fashion-MNIST 文件：它的 `md5` 为 {got}，应为 {expected}"
        "（字节被改动或损坏，或者是同名的另一个文件，例如测试集被复制到了训练集上）；"
        "{redownload}",
    ),
    "data.split_mismatch": (
        "{labels_path} has {labels} labels but {images_path} has {images} images; the files "
        "do not belong together; {redownload}",
        "{labels_path} 有 {labels} 个标签，但 {images_path} 有 {images} 张图像；这两个文件"
        "不是一组的；{redownload}",
    ),
    "data.label_out_of_range": (
        "{path} has labels outside 0..{last}: {count} of them, the first {value} at index "
        "{index}; {redownload}",
        "{path} 中有超出 0..{last} 的标签：共 {count} 个，第一个是位于索引 {index} 的 "
        "{value}；{redownload}",
    ),
    # ------------------------------------------------------------------ checksums.py
    "data.too_large": (
        "{what} has more than {limit} bytes, the published file has {published}: not the "
        "Fashion-MNIST file",
        "{what}超过 {limit} 字节，而公开发布的文件只有 {published} 字节：这不是 Fashion-MNIST 文件",
    ),
    "data.size_what_download": ("the download", "下载的内容"),
    "data.size_what_unpacked": ("the unpacked file", "解压后的文件"),
    "data.size_what_member": ("{where} unpacked", "{where} 解压后"),
    # ------------------------------------------------------------------ download.py
    "data.web_page": (
        "the mirror returned a web page, not the file: a login page of a campus network? "
        "Open a web page in a browser to log in, or download the files by hand and run "
        "`d2lite data import PATH`",
        "镜像返回的是网页，而不是文件：可能是校园网的登录页面？请在浏览器中打开一个网页"
        "登录，或者手动下载这些文件，然后运行 `d2lite data import PATH`",
    ),
    "data.bad_timeout": (
        "the environment variable {name} must be a number of seconds > 0, got {value}; set "
        "it for example to 60, or unset it for the default of {default}",
        "环境变量 {name} 必须是大于 0 的秒数，得到的是 {value}；例如设为 60，或者取消设置它"
        "以使用默认值 {default}",
    ),
    "data.mirrors_empty": (
        "the environment variable {name} is set to {value}, which lists no URL; list base "
        "URLs separated by commas, for example https://example.org/fashion-mnist/, or unset "
        "it for torchvision's mirrors",
        "环境变量 {name} 被设为 {value}，其中没有任何 URL；请列出用逗号分隔的基础 URL，例如 "
        "https://example.org/fashion-mnist/，或者取消设置它以使用 torchvision 的镜像",
    ),
    "data.mirrors_bad": (
        "{name} must list base URLs separated by commas, got {value}; write for example "
        "https://example.org/fashion-mnist/",
        "{name} 必须列出用逗号分隔的基础 URL，得到的是 {value}；例如写成 "
        "https://example.org/fashion-mnist/",
    ),
    "data.http_error": (
        "the server answered HTTP {code} {reason}",
        "服务器返回了 HTTP {code} {reason}",
    ),
    "data.connect_timeout": (
        "no connection within {timeout} s",
        "{timeout} 秒内未能连接",
    ),
    "data.connect_failed": (
        "could not connect ({reason})",
        "无法连接（{reason}）",
    ),
    "data.transfer_stalled": (
        "the transfer stalled: no data for {timeout} s",
        "传输停滞：{timeout} 秒内没有收到数据",
    ),
    "data.download_bad_gzip": (
        "the file is not a complete gzip archive ({error})",
        "该文件不是完整的 gzip 压缩包（{error}）",
    ),
    "data.announced_too_large": (
        "the server announced {total} bytes, more than {limit} bytes, the published file has "
        "{published}: not the Fashion-MNIST file",
        "服务器声明有 {total} 字节，超过了 {limit} 字节，而公开发布的文件只有 {published} "
        "字节：这不是 Fashion-MNIST 文件",
    ),
    "data.length_mismatch": (
        "the server announced {total} bytes but sent {got}{closed} (a wrong Content-Length, "
        "or a cut connection)",
        "服务器声明有 {total} 字节，却发送了 {got} 字节{closed}（`Content-Length` 有误，"
        "或者连接被切断）",
    ),
    "data.connection_closed": (
        ": the connection closed after {got} bytes",
        "：连接在 {got} 字节后关闭",
    ),
    "data.no_mirror": (
        "no mirror to download from (check {name})",
        "没有可以下载的镜像（请检查 {name}）",
    ),
    "data.download_md5": (
        "{url}: checksum mismatch: the file has md5 {got}, expected {expected} (the published "
        "file)",
        "{url}：校验和不符：文件的 `md5` 为 {got}，应为 {expected}（公开发布的文件）",
    ),
    "data.not_bool": (
        "{name} must be True or False, got {value}",
        "{name} 必须是 True 或 False，得到的是 {value}",
    ),
    "data.download_failed": (
        "could not download Fashion-MNIST into {folder}: {name}.gz failed from every mirror "
        "({tried}). Nothing was written there. {how}",
        "无法把 Fashion-MNIST 下载到 {folder}：从每个镜像下载 `{name}.gz` 都失败了（{tried}）。"
        "那里没有写入任何文件。{how}",
    ),
    # ------------------------------------------------------------------ install.py
    "data.action_download": ("download", "下载"),
    "data.action_import": ("import", "导入"),
    "data.not_writable": (
        "could not {action} Fashion-MNIST: the data root {root} cannot be written ({error}: "
        "{path}), and a file there is missing or wrong. Set the environment variable "
        "D2LITE_DATA (or pass root=, or --data-root) to a folder of your own, e.g. "
        "~/d2lite-data, or ask the owner of {root} to run `d2lite data download` there",
        "无法{action} Fashion-MNIST：数据根目录 {root} 不可写（{error}：{path}），而其中有文件"
        "缺失或有误。请把环境变量 `D2LITE_DATA` 设为你自己的文件夹（或传入 `root=`，或 "
        "`--data-root`），例如 `~/d2lite-data`，或者请 {root} 的所有者在那里运行 "
        "`d2lite data download`",
    ),
    "data.stuck_lock": (
        "the download lock {lock} was left by a run that has ended, and cannot be removed "
        "({error}){waited}. Delete that folder (`rm -r {lock}`, as a user who may write "
        "{parent}), or set D2LITE_DATA (or pass root=, or --data-root) to a folder of your own",
        "下载锁 {lock} 是一次已结束的运行留下的，且无法删除（{error}）{waited}。请删除该文件夹"
        "（以有权写入 {parent} 的用户身份运行 `rm -r {lock}`），或者把 `D2LITE_DATA` 设为你"
        "自己的文件夹（或传入 `root=`，或 `--data-root`）",
    ),
    "data.lock_waited": (
        " (waited {seconds} s)",
        "（已等待 {seconds} 秒）",
    ),
    "data.lock_stuck_waiting": (
        "{program}: the download lock {lock} was left by a run that has ended and cannot be "
        "removed ({error}); waiting up to {seconds} s for it to go. Delete that folder "
        "(`rm -r {lock}`) to go on",
        "{program}：下载锁 {lock} 是一次已结束的运行留下的，且无法删除（{error}）；最多等待 "
        "{seconds} 秒让它消失。删除该文件夹（`rm -r {lock}`）即可继续",
    ),
    "data.lock_running": (
        "{program}: another download or import into {folder} is running; waiting for it to "
        "finish. If no such process exists, delete the folder {lock} (`rm -r {lock}`)",
        "{program}：另一个向 {folder} 下载或导入的进程正在运行；正在等它结束。如果并没有这样的"
        "进程，请删除文件夹 {lock}（`rm -r {lock}`）",
    ),
    "data.disk_full": (
        "the disk holding {folder} is full (no space left on device): Fashion-MNIST needs "
        "about 30 MB while downloading and 55 MB for the four files; free some space, or "
        "keep the data on another disk (set D2LITE_DATA, or pass root= / --data-root). "
        "Nothing was written there",
        "{folder} 所在的磁盘已满（设备上没有剩余空间）：Fashion-MNIST 下载时需要约 30 MB，"
        "四个文件需要 55 MB；请腾出一些空间，或者把数据放到另一块磁盘上（设置 "
        "`D2LITE_DATA`，或传入 `root=` / `--data-root`）。那里没有写入任何文件",
    ),
    "data.cannot_write_raw": (
        "could not {action} Fashion-MNIST: cannot write into {folder} ({error}). {how}",
        "无法{action} Fashion-MNIST：不能写入 {folder}（{error}）。{how}",
    ),
    "data.raw_is_file": (
        "could not {action} Fashion-MNIST: {folder} is a file, not a folder; the four files "
        "go into a folder of that name. Move or delete that file (`rm {folder}`) and run again",
        "无法{action} Fashion-MNIST：{folder} 是一个文件，而不是文件夹；这四个文件要放进同名的"
        "文件夹中。请移走或删除该文件（`rm {folder}`），然后重新运行",
    ),
    # ------------------------------------------------------------------ importing.py
    "data.bad_zip": (
        "{source} is not a readable .zip file ({error})",
        "{source} 不是可读的 `.zip` 文件（{error}）",
    ),
    "data.import_no_source": (
        "import_fashion_mnist needs at least one source: a folder, a .zip file, or the four "
        "files (raw or .gz)",
        "`import_fashion_mnist` 至少需要一个来源：一个文件夹、一个 `.zip` 文件，或者那四个"
        "文件（原始文件或 `.gz`）",
    ),
    "data.import_no_path": (
        "{path} does not exist; pass the folder, .zip or .gz files you downloaded",
        "{path} 不存在；请传入你下载的文件夹、`.zip` 或 `.gz` 文件",
    ),
    "data.import_lacking_one": (
        "{shown} holds no {lacking} (raw or .gz), and the data root {root} lacks it too; "
        "Fashion-MNIST needs the four files {names}",
        "{shown} 中没有 {lacking}（原始文件或 `.gz`），数据根目录 {root} 中也没有；"
        "Fashion-MNIST 需要这四个文件：{names}",
    ),
    "data.import_lacking_many": (
        "{shown} holds no {lacking} (raw or .gz), and the data root {root} lacks them too; "
        "Fashion-MNIST needs the four files {names}",
        "{shown} 中没有 {lacking}（原始文件或 `.gz`），数据根目录 {root} 中也都没有；"
        "Fashion-MNIST 需要这四个文件：{names}",
    ),
    "data.and_no": (" and no ", "，也没有 "),
    "data.import_bad_gzip": (
        "{where} is not a complete gzip file ({error})",
        "{where} 不是完整的 gzip 文件（{error}）",
    ),
    "data.import_bad_member": (
        "{where} cannot be read from the .zip ({error})",
        "无法从 `.zip` 中读取 {where}（{error}）",
    ),
    "data.import_md5": (
        "{where} has md5 {got}, expected {expected}: it is not the published file (a damaged "
        "copy, or another data set's file of the same name, such as MNIST's digits)",
        "{where} 的 `md5` 为 {got}，应为 {expected}：它不是公开发布的文件（一份损坏的副本，"
        "或者另一个数据集的同名文件，例如 MNIST 的手写数字）",
    ),
    "data.import_failed": (
        "could not import {name}: {reasons}. Nothing was written into {folder}",
        "无法导入 {name}：{reasons}。没有向 {folder} 写入任何文件",
    ),
    # ------------------------------------------------------------------ loaders.py
    "data.not_same_length": (
        "all arrays must have the same number of examples (first dimension), but {shown}; "
        "pass one label per example",
        "所有数组的样本数（第一个维度）必须相同，但 {shown}；请为每个样本传入一个标签",
    ),
    "data.array_has": ("{name} has {count}", "{name} 有 {count} 个"),
    "data.loader_no_tensor": (
        "ArrayLoader needs at least one tensor, got none",
        "`ArrayLoader` 至少需要一个张量，但一个也没有得到",
    ),
    "data.data_arrays_type": (
        "data_arrays must be a tuple or list of tensors, got {type}; pass for example "
        "(features, labels)",
        "`data_arrays` 必须是由张量组成的元组或列表，得到的是 {type}；例如传入 "
        "`(features, labels)`",
    ),
    "data.resizing": (
        "resizing to {height}x{width}",
        "正在缩放到 {height}x{width}",
    ),
    "data.example_index_type": (
        "an example is taken by its position, an int, got {value} of type {type}; for "
        "several examples iterate over a loader",
        "样本按位置（一个整数）取出，得到的是 {type} 类型的 {value}；要取多个样本，请遍历"
        "数据迭代器",
    ),
    "data.example_index_range": (
        "index {index} is out of range for a dataset of {count} examples",
        "索引 {index} 超出了有 {count} 个样本的数据集的范围",
    ),
    # ------------------------------------------------------------------ fashion_mnist.py
    "data.resize_too_large": (
        "{name} must be at most {most} pixels, got {value}: a batch of such images would not "
        "fit in memory; the book uses 64 or 224",
        "{name} 最多为 {most} 像素，得到的是 {value}：这样大小的图像组成的一个小批量放不进"
        "内存；书中用的是 64 或 224",
    ),
    "data.resize_height": ("resize[0] (height)", "高度 `resize[0]`"),
    "data.resize_width": ("resize[1] (width)", "宽度 `resize[1]`"),
    "data.resize_type": (
        "resize must be None, an int or a (height, width) pair of ints, got {value} of type "
        "{type}; pass for example 64 or (32, 48)",
        "`resize` 必须是 None、一个整数或由两个整数组成的（高度，宽度），得到的是 {type} "
        "类型的 {value}；例如传入 64 或 (32, 48)",
    ),
    "data.missing_no_download": (
        "Fashion-MNIST is not in {folder}: missing {missing} (download=False). {how}",
        "Fashion-MNIST 不在 {folder} 中：缺少 {missing}（`download=False`）。{how}",
    ),
    "data.labels_lang": (
        "lang must be 'en' or 'zh', got {value}",
        "`lang` 只能是 'en' 或 'zh'，得到的是 {value}",
    ),
    "data.labels_dtype": (
        "labels must hold integer class indices, got a {dtype} tensor; pass y, or "
        "y_hat.argmax(axis=1) for predictions",
        "`labels` 必须是整数类别索引，得到的是 {dtype} 张量；请传入 `y`，对预测则传入 "
        "`y_hat.argmax(axis=1)`",
    ),
    "data.labels_item_type": (
        "labels must hold integer class indices, got {value} of type {type} at position "
        "{position}; pass for example [0, 9, 2]",
        "`labels` 必须是整数类别索引，位置 {position} 上得到的是 {type} 类型的 {value}；"
        "例如传入 [0, 9, 2]",
    ),
    "data.labels_range": (
        "labels must be class indices 0..{last}, got {value} at position {position}; "
        "Fashion-MNIST has {count} classes",
        "`labels` 必须是 0..{last} 的类别索引，位置 {position} 上得到的是 {value}；"
        "Fashion-MNIST 有 {count} 个类别",
    ),
}
