// The console works without JavaScript; this only adds the Copy button's clipboard write.
document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-copy]');
    if (!button) {
        return;
    }
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.getElementById('copied');
    field.select();
    var done = function () { if (status) { status.textContent = 'Copied to the clipboard.'; } };
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand('copy'); done(); });
    } else {
        document.execCommand('copy');
        done();
    }
});
