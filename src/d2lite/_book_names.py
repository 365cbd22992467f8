"""Names of the book's `d2l` package that d2lite does not provide, and where they belong.

`d2l.train_ch6` on d2lite should not fail with a bare "no attribute": the
learner needs to hear that the name belongs to a later chapter of the book and
that d2lite covers the linear-networks and multilayer-perceptron chapters.
"""

from __future__ import annotations

from d2lite.lang import resolve_lang
from d2lite.messages import text

# Chapter of the book (both editions' titles) -> names its sections define.
_CHAPTERS: dict[str, str] = {
    "Multilayer Perceptrons, its Kaggle house-price section (实战Kaggle比赛：预测房价)": (
        "DATA_HUB DATA_URL download download_extract download_all extract KaggleHouse"
    ),
    "Builders' Guide / Deep Learning Computation (深度学习计算)": "mkdir_if_not_exist",
    "Convolutional Neural Networks (卷积神经网络)": (
        "corr2d evaluate_accuracy_gpu train_ch6 LeNet init_cnn comp2d"
    ),
    "Modern Convolutional Neural Networks (现代卷积神经网络)": (
        "AlexNet VGG NiN GoogleNet Inception Residual ResNet ResNeXtBlock AnyNet RegNetX32 "
        "DenseBlock DenseNet TransitionBlock resnet18"
    ),
    "Recurrent Neural Networks (循环神经网络)": (
        "read_time_machine tokenize Vocab count_corpus load_corpus_time_machine "
        "seq_data_iter_random seq_data_iter_sequential SeqDataLoader load_data_time_machine "
        "RNNModelScratch predict_ch8 grad_clipping train_epoch_ch8 train_ch8 RNNModel "
        "TimeMachine RNNScratch RNNLMScratch RNN RNNLM check_len check_shape"
    ),
    "Modern Recurrent Neural Networks (现代循环神经网络)": (
        "read_data_nmt preprocess_nmt tokenize_nmt show_list_len_pair_hist truncate_pad "
        "build_array_nmt load_data_nmt Encoder Decoder EncoderDecoder Seq2SeqEncoder "
        "sequence_mask MaskedSoftmaxCELoss train_seq2seq predict_seq2seq bleu MTFraEng "
        "Seq2Seq GRU LSTM StackedRNNScratch"
    ),
    "Attention Mechanisms and Transformers (注意力机制)": (
        "show_heatmaps masked_softmax AdditiveAttention DotProductAttention AttentionDecoder "
        "MultiHeadAttention PositionalEncoding PositionWiseFFN AddNorm "
        "TransformerEncoderBlock TransformerEncoder TransformerDecoder Seq2SeqAttentionDecoder"
    ),
    "Optimization Algorithms (优化算法)": (
        "annotate train_2d show_trace_2d get_data_ch11 train_ch11 train_concise_ch11"
    ),
    "Computational Performance (计算性能)": (
        "Benchmark split_batch train_batch_ch13 train_ch13 evaluate_accuracy_gpus"
    ),
    "Computer Vision (计算机视觉)": (
        "bbox_to_rect box_corner_to_center box_center_to_corner multibox_prior show_bboxes "
        "box_iou assign_anchor_to_bbox offset_boxes multibox_target offset_inverse nms "
        "multibox_detection read_data_bananas BananasDataset load_data_bananas "
        "read_voc_images VOC_COLORMAP VOC_CLASSES voc_colormap2label voc_label_indices "
        "voc_rand_crop VOCSegDataset load_data_voc read_csv_labels copyfile "
        "reorg_train_valid reorg_test"
    ),
    "Natural Language Processing (自然语言处理)": (
        "read_ptb subsample get_centers_and_contexts RandomGenerator get_negatives batchify "
        "load_data_ptb TokenEmbedding get_tokens_and_segments BERTEncoder MaskLM "
        "NextSentencePred BERTModel load_data_wiki read_snli SNLIDataset load_data_snli "
        "read_imdb load_data_imdb predict_sentiment predict_snli"
    ),
}

# The same chapters as the Chinese book names them, for messages in Chinese.
_CHINESE: dict[str, str] = dict(
    zip(
        _CHAPTERS,
        [
            "“多层感知机”一章的“实战Kaggle比赛：预测房价”一节",
            "“深度学习计算”一章",
            "“卷积神经网络”一章",
            "“现代卷积神经网络”一章",
            "“循环神经网络”一章",
            "“现代循环神经网络”一章",
            "“注意力机制”一章",
            "“优化算法”一章",
            "“计算性能”一章",
            "“计算机视觉”一章",
            "“自然语言处理：预训练”和“自然语言处理：应用”两章",
        ],
        strict=True,
    )
)

BOOK_NAMES: dict[str, str] = {
    name: chapter for chapter, names in _CHAPTERS.items() for name in names.split()
}


def missing_name(module: str, name: str, aliases: frozenset[str] = frozenset()) -> AttributeError:
    """Return the AttributeError for `module.name`, saying where the name comes from if known."""
    message = text("book.no_attribute", module=module, name=name)
    if name in aliases:
        message += text("book.alias", name=name)
    elif name in BOOK_NAMES:
        chapter = BOOK_NAMES[name]
        if resolve_lang(None) == "zh":
            chapter = _CHINESE[chapter]
        covers = text("book.covers")
        message += text("book.other_chapter", name=name, chapter=chapter, covers=covers)
    return AttributeError(message)
