use super::*;

/// A WAV of `samples` as `channels` channels, patched to claim 8 bits a sample if `bits` is 8.
fn wav_bytes(channels: u16, bits: u16, samples: &[i16]) -> Vec<u8> {
    let mut bytes = wav::to_bytes(channels, 20_000, samples);
    if bits == 8 {
        // byte rate, block align, bits per sample of the canonical header
        bytes[28..32].copy_from_slice(&(20_000 * channels as u32).to_le_bytes());
        bytes[32..34].copy_from_slice(&channels.to_le_bytes());
        bytes[34..36].copy_from_slice(&8u16.to_le_bytes());
    }
    bytes
}

#[test]
fn find_lists_the_wav_files_sorted_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.wav", "a.WAV", "notes.txt", "c.wav.bak"] {
        std::fs::write(dir.path().join(name), b"").unwrap();
    }
    std::fs::create_dir(dir.path().join("folder.wav")).unwrap();
    let found = Recordings::find(dir.path()).unwrap();
    let names: Vec<_> = found.paths.iter().map(|p| p.file_name().unwrap()).collect();
    assert_eq!(names, ["a.WAV", "b.wav"]);
}

#[test]
fn an_absent_or_empty_folder_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    for d in [dir.path().to_path_buf(), dir.path().join("none")] {
        let e = Recordings::find(&d).unwrap_err();
        assert!(matches!(&e, DataError::Missing(p) if *p == d));
        assert_eq!(
            e.to_string(),
            format!(
                "recordings not found at {} (set BRAINWIRE_DATA)",
                d.display()
            )
        );
    }
}

// Outside CI the line and the skip are checked end to end in tests/skip.rs.
#[test]
#[should_panic(
    expected = "recordings not found at /nowhere (set BRAINWIRE_DATA): required with CI=true"
)]
fn missing_recordings_fail_in_ci() {
    or_skip(Err(DataError::Missing(PathBuf::from("/nowhere"))), true);
}

#[test]
fn read_mono_gives_the_samples_back() {
    let dir = tempfile::tempdir().unwrap();
    let samples = [0, 1, -1, i16::MIN, i16::MAX, 1234];
    let path = dir.path().join("r.wav");
    std::fs::write(&path, wav_bytes(1, 16, &samples)).unwrap();
    assert_eq!(read_mono(&path).unwrap(), samples);
    let found = Recordings::find(dir.path()).unwrap();
    assert_eq!(found.read_all().unwrap(), [samples.to_vec()]);
}

#[test]
fn read_mono_rejects_what_is_not_mono_16_bit_pcm() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("stereo.wav", wav_bytes(2, 16, &[1, 2, 3, 4]), "2 channels"),
        ("8bit.wav", wav_bytes(1, 8, &[1, 2]), "expected 16-bit PCM"),
        ("junk.wav", b"RIFF....WAVEjunk".to_vec(), ""),
    ];
    for (name, bytes, why) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let e = read_mono(&path).unwrap_err();
        assert!(matches!(e, DataError::Format { .. }), "{name}: {e}");
        assert!(e.to_string().contains(why), "{name}: {e}");
    }
    let absent = dir.path().join("absent.wav");
    assert!(matches!(read_mono(&absent), Err(DataError::Io { .. })));
}

#[test]
fn to_bytes_and_parse_keep_channels_rate_and_interleaving() {
    let bytes = wav::to_bytes(2, 20_000, &[1, -2, 3, -4]);
    assert_eq!(bytes.len(), 44 + 8, "canonical header");
    let wav = wav::parse(&bytes).unwrap();
    assert_eq!(
        wav,
        Pcm16 {
            channels: 2,
            sample_rate: 20_000,
            samples: vec![1, -2, 3, -4]
        }
    );
}

#[test]
fn the_two_halves_split_the_items_by_position() {
    let items = [10, 11, 12, 13, 14];
    assert_eq!(
        crate::half(&items, 0).copied().collect::<Vec<_>>(),
        [10, 12, 14]
    );
    assert_eq!(
        crate::half(&items, 1).copied().collect::<Vec<_>>(),
        [11, 13]
    );
    assert_eq!(crate::half(&[0u8; 0], 1).count(), 0);
}
